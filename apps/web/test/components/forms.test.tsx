import './dom';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { LoginSchema } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useForm } from 'react-hook-form';
import { AuthDone, AuthForm, AuthShell } from '@/components/forms/auth-shell';
import { Field } from '@/components/forms/field';

afterEach(cleanup);

/** A login form as the login page builds it: the shared schema checks each field. */
function Login({ onValid, failure = null }: { onValid: (input: unknown) => void; failure?: string | null }) {
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm({ resolver: zodResolver(LoginSchema) });
  return (
    <AuthShell title="Log in">
      <AuthForm onSubmit={handleSubmit(onValid)} failure={failure} submitLabel="Log in" busyLabel="Logging in…" submitting={isSubmitting}>
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

describe('form fields bound to the shared schemas', () => {
  test('when the form is sent with bad values, then each field says what the schema wants, wired for screen readers', async () => {
    const sent: unknown[] = [];
    render(<Login onValid={(input) => sent.push(input)} />);
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
    render(<Login onValid={(input) => sent.push(input)} />);
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'ada@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(sent, [{ email: 'ada@example.com', password: 'correct horse battery' }]);
    assert.equal(screen.queryByRole('alert'), null);
  });

  test('when the last attempt failed, then the reason is an alert above the button; a finished step is a status', () => {
    const { rerender } = render(<Login onValid={() => {}} failure="E-mail or password is wrong" />);
    assert.equal(screen.getByRole('alert').textContent, 'E-mail or password is wrong');
    rerender(
      <AuthShell title="Reset your password">
        <AuthDone>Check your inbox.</AuthDone>
      </AuthShell>,
    );
    assert.equal(screen.getByRole('status').textContent, 'Check your inbox.');
  });
});
