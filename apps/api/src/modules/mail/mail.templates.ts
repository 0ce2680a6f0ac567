export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface MailContext {
  storeName: string;
}

type TemplateData = {
  'verify-email': { fullName: string; link: string };
  'reset-password': { fullName: string; link: string };
  'account-exists': { fullName: string; signInLink: string; resetLink: string };
  'password-changed': { fullName: string };
  'order-placed': {
    fullName: string;
    orderNumber: string;
    totalCents: number;
    currency: string;
    lines: { name: string; quantity: number; lineTotalCents: number }[];
  };
  'order-shipped': { fullName: string; orderNumber: string };
  'order-cancelled': { fullName: string; orderNumber: string };
};

/** One formatter per currency, built once (see todayIn: Intl objects hold memory the GC does not count). */
const moneyFormats = new Map<string, Intl.NumberFormat>();

function money(cents: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}
export type MailTemplate = keyof TemplateData;
export type MailData<T extends MailTemplate> = TemplateData[T];

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(ctx: MailContext, paragraphs: string[], action?: { label: string; link: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('');
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.link)}" style="background:#111827;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#6b7280">Or paste this link into your browser:<br>${escapeHtml(action.link)}</p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111827;max-width:560px;margin:0 auto;padding:24px"><h1 style="font-size:20px">${escapeHtml(ctx.storeName)}</h1>${body}${button}</body></html>`;
}

const templates: { [T in MailTemplate]: (data: MailData<T>, ctx: MailContext) => RenderedMail } = {
  'verify-email': (d, ctx) => {
    const lines = [
      `Hi ${d.fullName},`,
      `Please confirm your e-mail address to finish setting up your ${ctx.storeName} account. The link is valid for 24 hours.`,
    ];
    return {
      subject: `Confirm your e-mail address for ${ctx.storeName}`,
      text: `${lines.join('\n\n')}\n\n${d.link}\n\nIf you did not create an account, ignore this message.\n`,
      html: layout(ctx, [...lines, 'If you did not create an account, ignore this message.'], {
        label: 'Confirm e-mail address',
        link: d.link,
      }),
    };
  },
  'reset-password': (d, ctx) => {
    const lines = [
      `Hi ${d.fullName},`,
      'Someone asked to reset the password of your account. The link is valid for one hour and works once.',
    ];
    return {
      subject: `Reset your ${ctx.storeName} password`,
      text: `${lines.join('\n\n')}\n\n${d.link}\n\nIf it was not you, ignore this message: your password stays as it is.\n`,
      html: layout(ctx, [...lines, 'If it was not you, ignore this message: your password stays as it is.'], {
        label: 'Choose a new password',
        link: d.link,
      }),
    };
  },
  'account-exists': (d, ctx) => {
    const lines = [
      `Hi ${d.fullName},`,
      `Someone just tried to create a ${ctx.storeName} account with your e-mail address. You already have one, so nothing was changed.`,
      `If it was you, sign in: ${d.signInLink}`,
      `Forgot your password? Choose a new one: ${d.resetLink}`,
      'If it was not you, you can ignore this message: your account and password stay as they are.',
    ];
    return {
      subject: `Someone tried to register with your address at ${ctx.storeName}`,
      text: `${lines.join('\n\n')}\n`,
      html: layout(ctx, lines, { label: 'Sign in', link: d.signInLink }),
    };
  },
  'password-changed': (d, ctx) => {
    const lines = [
      `Hi ${d.fullName},`,
      `The password of your ${ctx.storeName} account was just changed and every other session was signed out.`,
      'If this was not you, reset your password at once.',
    ];
    return { subject: `Your ${ctx.storeName} password was changed`, text: `${lines.join('\n\n')}\n`, html: layout(ctx, lines) };
  },
  'order-placed': (d, ctx) => {
    const items = d.lines.map((l) => `${l.quantity} × ${l.name}: ${money(l.lineTotalCents, d.currency)}`);
    const lines = [
      `Hi ${d.fullName},`,
      `Thank you for your order ${d.orderNumber}.`,
      ...items,
      `Total: ${money(d.totalCents, d.currency)}`,
      "We'll write again when it ships.",
    ];
    return { subject: `Order ${d.orderNumber} confirmed`, text: `${lines.join('\n\n')}\n`, html: layout(ctx, lines) };
  },
  'order-shipped': (d, ctx) => {
    const lines = [`Hi ${d.fullName},`, `Good news: your order ${d.orderNumber} is on its way.`];
    return { subject: `Order ${d.orderNumber} has shipped`, text: `${lines.join('\n\n')}\n`, html: layout(ctx, lines) };
  },
  'order-cancelled': (d, ctx) => {
    const lines = [
      `Hi ${d.fullName},`,
      `Your order ${d.orderNumber} has been cancelled. If you paid for it, the money will be returned to you.`,
    ];
    return { subject: `Order ${d.orderNumber} was cancelled`, text: `${lines.join('\n\n')}\n`, html: layout(ctx, lines) };
  },
};

export function renderMail(template: string, data: Record<string, unknown>, ctx: MailContext): RenderedMail {
  const render = templates[template as MailTemplate] as ((d: Record<string, unknown>, c: MailContext) => RenderedMail) | undefined;
  if (!render) throw new Error(`Unknown mail template '${template}'`);
  return render(data, ctx);
}
