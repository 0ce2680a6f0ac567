import './dom';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { type LoginInput, LoginSchema } from '@emporium/contracts';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthDone, AuthForm, AuthShell } from '@/components/forms/auth-shell';
import { Field } from '@/components/forms/field';
import { ApiError } from '@/lib/api/errors';
import { useSchemaForm } from '@/lib/forms';

afterEach(cleanup);

/** A login form as the login page builds it: the shared schema checks each field, `send` is the API call. */
function Login({ send }: { send: (input: LoginInput) => Promise<void> }) {
  const { register, errors, submitting, failure, onSubmit } = useSchemaForm(LoginSchema, send);
  return (
    <AuthShell title="Log in">
      <AuthForm onSubmit={onSubmit} failure={failure} submitLabel="Log in" busyLabel="Logging in…" submitting={submitting}>
        <Field id="email" label="E-mail" type="email" error={errors.email} registration={register('email')} />
        <Field
          id="password"
          label="Password"
          type="password"
          hint="At least 8 characters."
          error={errors.password}
          registration={register('password')}
        />
      </AuthForm>
    </AuthShell>
  );
}

/** An error answer of the API, as lib/api/client.ts throws it. */
function refusal(status: number, error: string, detail: string, errors?: { field: string; message: string }[]) {
  return new ApiError(status, { error, detail, status, path: '/api/v1/auth/login', timestamp: '', requestId: '', errors });
}

/** Types the two fields and sends the form, as a user would. */
async function fill(email: string, password: string) {
  const user = userEvent.setup();
  await user.clear(screen.getByLabelText('E-mail'));
  await user.type(screen.getByLabelText('E-mail'), email);
  await user.clear(screen.getByLabelText('Password'));
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('form fields bound to the shared schemas', () => {
  test('when the form is sent with bad values, then each field says what the schema wants, wired for screen readers', async () => {
    const sent: unknown[] = [];
    render(<Login send={async (input) => void sent.push(input)} />);
    screen.getByRole('heading', { level: 1, name: 'Log in' });
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'not an address' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    const email = screen.getByLabelText('E-mail');
    await screen.findByText(/^E-mail /);
    assert.equal(email.getAttribute('aria-invalid'), 'true');
    const described = (email.getAttribute('aria-describedby') ?? '').split(' ');
    assert.ok(described.includes('email-error'));
    assert.match(document.getElementById('email-error')?.textContent ?? '', /^E-mail /);
    const password = screen.getByLabelText('Password');
    assert.deepEqual((password.getAttribute('aria-describedby') ?? '').split(' ').sort(), ['password-error', 'password-hint']);
    assert.deepEqual(sent, []);
  });

  test('when the values are valid, then the form sends them once', async () => {
    const sent: unknown[] = [];
    render(<Login send={async (input) => void sent.push(input)} />);
    await fill('ada@example.com', 'correct horse battery');
    await waitFor(() => assert.deepEqual(sent, [{ email: 'ada@example.com', password: 'correct horse battery' }]));
    assert.equal(screen.queryByRole('alert'), null);
  });

  test('when the API refuses a field, then its message lands on that field; any other refusal is the form’s alert', async () => {
    let answer = refusal(422, 'VALIDATION_FAILED', 'Invalid input', [{ field: 'password', message: 'is too common' }]);
    render(
      <Login
        send={async () => {
          throw answer;
        }}
      />,
    );
    await fill('ada@example.com', 'password1234');
    await waitFor(() => assert.equal(document.getElementById('password-error')?.textContent, 'Password is too common'));
    assert.equal(screen.queryByRole('alert'), null);
    answer = refusal(401, 'INVALID_CREDENTIALS', 'E-mail or password is wrong');
    await fill('ada@example.com', 'another passphrase');
    assert.equal((await screen.findByRole('alert')).textContent, 'E-mail or password is wrong');
  });

  test('when the last attempt failed, then the reason is an alert above the button; a finished step is a status', () => {
    const { rerender } = render(
      <AuthForm onSubmit={() => {}} failure="E-mail or password is wrong" submitLabel="Log in" busyLabel="Logging in…" submitting>
        <span />
      </AuthForm>,
    );
    assert.equal(screen.getByRole('alert').textContent, 'E-mail or password is wrong');
    assert.equal((screen.getByRole('button', { name: 'Logging in…' }) as HTMLButtonElement).disabled, true);
    rerender(
      <AuthShell title="Reset your password">
        <AuthDone>Check your inbox.</AuthDone>
      </AuthShell>,
    );
    assert.equal(screen.getByRole('status').textContent, 'Check your inbox.');
  });
});
