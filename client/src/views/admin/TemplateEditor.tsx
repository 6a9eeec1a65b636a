// One wording open for editing: its subject (email) or title (in-app notice), its text, the
// placeholders its kind offers (each inserted at the cursor of the field last in use), and beside
// them a preview rendered by the hub with a sample visit (POST .../preview, a moment after typing
// stops). What the hub refuses (a placeholder the kind does not have, malformed braces, a text
// message too long with real values) is said at the field, while typing and on save. Save; reset
// to the built-in wording after a confirmation.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { api } from '../../lib/api';
import { ApiError, sentenceFor } from '../../lib/errors';
import { Dialog } from '../doctor/Dialog';
import { AdminForm, useAction } from './parts';
import type { Preview, PreviewInput, Template, TemplateInput } from './records-contract';
import { smsLengthText, templateName } from './template-words';

/** How long typing must pause before the preview is asked for. */
const PREVIEW_DELAY_MS = 350;

type FieldName = 'subject' | 'body';

/** The refusal of `err` said at the field it is about, or null when it is about neither. */
export function fieldProblem(err: unknown): { field: FieldName; sentence: string } | null {
  if (!(err instanceof ApiError)) return null;
  const field: FieldName = err.problem.field === 'subject' ? 'subject' : 'body';
  if (err.code === 'UNKNOWN_PLACEHOLDER') {
    const name = err.details.placeholder;
    return {
      field,
      sentence: typeof name === 'string' ? `{{${name}}} is not a placeholder of this message. Use one from the list.` : sentenceFor(err),
    };
  }
  if (err.code === 'SMS_TOO_LONG') {
    const { length, maxLength } = err.details;
    return {
      field: 'body',
      sentence:
        typeof length === 'number' && typeof maxLength === 'number'
          ? `With long real names and addresses this text would be ${length} characters; at most ${maxLength} fit three text messages. Please shorten it.`
          : sentenceFor(err),
    };
  }
  if (err.code === 'VALIDATION_FAILED' && (err.problem.field === 'subject' || err.problem.field === 'body'))
    return { field, sentence: sentenceFor(err) };
  return null;
}

export function TemplateEditor({ template, onDone }: { template: Template; onDone: (sentence: string | null) => void }) {
  const { kind, channel, language } = template;
  const id = useId();
  const name = templateName(template);
  const [subject, setSubject] = useState(template.subject ?? '');
  const [body, setBody] = useState(template.body);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const save = useAction();
  const reset = useAction();
  const subjectField = useRef<HTMLInputElement>(null);
  const bodyField = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<FieldName>('body');
  const resetButton = useRef<HTMLButtonElement>(null);
  const hasSubject = channel !== 'sms';
  const wording: TemplateInput = { subject: hasSubject ? subject : null, body };

  // The preview follows the typing, a moment after it stops; an older answer never replaces a newer one.
  const asked = useRef(0);
  useEffect(() => {
    const n = ++asked.current;
    const timer = setTimeout(async () => {
      const input: PreviewInput = { kind, channel, language, subject: hasSubject ? subject : null, body };
      try {
        const answer = await api<Preview>('POST', '/api/notification-templates/preview', input);
        if (n === asked.current) {
          setPreview(answer);
          setPreviewError(null);
        }
      } catch (err) {
        if (n === asked.current) setPreviewError(err);
      }
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [kind, channel, language, hasSubject, subject, body]);

  // The save's refusal until the next edit, else the preview's.
  const problem = fieldProblem(save.error) ?? fieldProblem(previewError);
  const problemAt = (field: FieldName) => (problem?.field === field ? problem.sentence : null);
  // Marked after every render: the form's own change handler unmarks a field being typed in (clearInvalid),
  // and the refusal may still stand until the next preview says otherwise.
  useEffect(() => {
    for (const [field, control] of [
      ['subject', subjectField.current],
      ['body', bodyField.current],
    ] as const) {
      if (problem?.field === field) control?.setAttribute('aria-invalid', 'true');
      else control?.removeAttribute('aria-invalid');
    }
  });
  const describedBy = (field: FieldName, hint?: string) =>
    [problemAt(field) ? `${id}-${field}-problem` : null, hint].filter(Boolean).join(' ') || undefined;

  function edit(field: FieldName, value: string) {
    if (field === 'subject') setSubject(value);
    else setBody(value);
    save.setError(null);
  }

  /** `{{name}}` at the cursor (or over the selection) of the field last in use, the cursor after it. */
  function insert(placeholder: string) {
    const field = lastField.current === 'subject' && hasSubject ? 'subject' : 'body';
    const control = field === 'subject' ? subjectField.current : bodyField.current;
    const value = field === 'subject' ? subject : body;
    const start = control?.selectionStart ?? value.length;
    const end = control?.selectionEnd ?? start;
    const token = `{{${placeholder}}}`;
    edit(field, `${value.slice(0, start)}${token}${value.slice(end)}`);
    requestAnimationFrame(() => {
      control?.focus();
      control?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void save.run(async () => {
      await api<Template>('PUT', `/api/notification-templates/${kind}/${channel}/${encodeURIComponent(language)}`, wording);
      onDone(`“${name}” saved: the next message of this kind uses it.`);
    });
  }

  const unchanged = subject === (template.subject ?? '') && body === template.body;
  const smsHint = channel === 'sms' ? `${id}-sms` : undefined;

  return (
    <>
      <AdminForm
        title={`Edit “${name}”`}
        error={save.error ?? reset.error}
        busy={save.busy || reset.busy}
        submit="Save wording"
        busyLabel="Saving…"
        disabled={unchanged}
        onSubmit={submit}
        onCancel={() => onDone(null)}
      >
        <p className="muted">
          {template.isDefault ? 'The built-in wording is used now.' : 'Your own wording is used now.'} Placeholders in double braces are
          replaced with each message’s details; {'{{#name}}…{{/name}}'} shows its part only when there is a value.
        </p>
        <div className="records-editor">
          <div className="records-fields">
            {hasSubject ? (
              <div className="field">
                <label htmlFor={`${id}-subject`}>{channel === 'email' ? 'Subject' : 'Title'}</label>
                <input
                  ref={subjectField}
                  id={`${id}-subject`}
                  name="subject"
                  value={subject}
                  maxLength={200}
                  required
                  autoComplete="off"
                  aria-describedby={describedBy('subject')}
                  onFocus={() => {
                    lastField.current = 'subject';
                  }}
                  onChange={(e) => edit('subject', e.target.value)}
                />
                {problemAt('subject') ? (
                  <small id={`${id}-subject-problem`} className="error">
                    {problemAt('subject')}
                  </small>
                ) : null}
              </div>
            ) : null}
            <div className="field">
              <label htmlFor={`${id}-body`}>Text</label>
              <textarea
                ref={bodyField}
                id={`${id}-body`}
                name="body"
                value={body}
                rows={channel === 'email' ? 10 : 4}
                maxLength={4000}
                required
                aria-describedby={describedBy('body', smsHint)}
                onFocus={() => {
                  lastField.current = 'body';
                }}
                onChange={(e) => edit('body', e.target.value)}
              />
              {problemAt('body') ? (
                <small id={`${id}-body-problem`} className="error">
                  {problemAt('body')}
                </small>
              ) : null}
              {smsHint ? (
                <small id={smsHint} className="muted">
                  {preview ? `${smsLengthText(preview.text)} ` : ''}A wording that would pass 480 characters (three text messages) with long
                  real names and addresses is refused.
                </small>
              ) : null}
            </div>
            <fieldset className="admin-group">
              <legend>Placeholders: insert at the cursor</legend>
              <ul className="records-placeholders">
                {template.placeholders.map((p) => (
                  <li key={p}>
                    <button type="button" onClick={() => insert(p)}>
                      <span className="sr-only">Insert </span>
                      <code>{`{{${p}}}`}</code>
                    </button>
                  </li>
                ))}
              </ul>
            </fieldset>
          </div>
          <section className="records-preview" aria-labelledby={`${id}-preview`}>
            <h3 id={`${id}-preview`}>Preview with a sample visit</h3>
            {preview ? (
              <div className={previewError ? 'records-stale' : undefined}>
                {preview.subject !== null ? (
                  <p>
                    <strong>{channel === 'email' ? 'Subject: ' : 'Title: '}</strong>
                    <span data-preview="subject">{preview.subject}</span>
                  </p>
                ) : null}
                <pre className="records-preview-text" data-preview="text">
                  {preview.text}
                </pre>
              </div>
            ) : null}
            {previewError ? (
              <p className="muted">The wording cannot be shown as it is{preview ? ': this is the last one that could' : ''}.</p>
            ) : !preview ? (
              <p className="muted">Rendering…</p>
            ) : null}
          </section>
        </div>
        {template.isDefault ? null : (
          <div className="row">
            <button ref={resetButton} type="button" className="danger" disabled={reset.busy} onClick={() => setConfirmReset(true)}>
              Reset to the default wording…
            </button>
          </div>
        )}
      </AdminForm>
      {confirmReset ? (
        <Dialog
          title={`Reset “${name}” to the default wording?`}
          onCancel={() => {
            setConfirmReset(false);
            resetButton.current?.focus();
          }}
          choices={[
            {
              label: 'Reset',
              kind: 'danger',
              onChoose: () => {
                setConfirmReset(false);
                void reset.run(async () => {
                  await api('DELETE', `/api/notification-templates/${kind}/${channel}/${encodeURIComponent(language)}`);
                  onDone(`“${name}” is back to the default wording.`);
                });
              },
            },
            {
              label: 'Keep mine',
              focus: true,
              onChoose: () => {
                setConfirmReset(false);
                resetButton.current?.focus();
              },
            },
          ]}
        >
          <p>Your wording is removed and the next message of this kind uses the built-in one.</p>
        </Dialog>
      ) : null}
    </>
  );
}
