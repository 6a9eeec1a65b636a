// /admin/templates: how each kind of message to patients is worded, per channel and language.
// The table shows, for one language, every kind × channel and whether the admin's own wording or
// the built-in one is used; "Edit" opens the editor (TemplateEditor.tsx) under it. Messages use the
// patient's language, else the location's, else English, else the built-in wording.
import { useCallback, useMemo, useRef, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import '../doctor/dialogs.css';
import { AdminPage } from './AdminPage';
import { languageName } from './choices';
import { useLatest } from './data';
import { Problem, SelectField, useSaid } from './parts';
import type { Template, TemplateList } from './records-contract';
import { TemplateEditor } from './TemplateEditor';
import { CHANNEL_LABEL, CHANNELS, KIND_LABEL, templateName } from './template-words';
import './records.css';

export default function Templates() {
  return <AdminPage title="Notification templates">{() => <TemplatesPage />}</AdminPage>;
}

const keyOf = (t: Pick<Template, 'kind' | 'channel' | 'language'>) => `${t.kind}/${t.channel}/${t.language}`;

function TemplatesPage() {
  const load = useCallback(async () => (await api<TemplateList>('GET', '/api/notification-templates')).templates, []);
  const templates = useLatest(load);
  const { say, saidLine } = useSaid();
  const [language, setLanguage] = useState('en');
  const [editing, setEditing] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const all = templates.data ?? [];
  const languages = useMemo(() => [...new Set(all.map((t) => t.language))], [all]);
  const shown = all.filter((t) => t.language === language);
  const kinds = [...new Set(shown.map((t) => t.kind))];
  const open = all.find((t) => keyOf(t) === editing) ?? null;

  function done(sentence: string | null) {
    setEditing(null);
    void templates.reload();
    if (sentence) say(sentence);
    else requestAnimationFrame(() => opener.current?.focus());
  }

  return (
    <>
      <div className="admin-head">
        <h1>Notification templates</h1>
      </div>
      {saidLine}
      <p className="muted">
        What patients are sent, in each language the clinic uses. A message is worded in the patient’s language, else their location’s, else
        English; until you change a wording, the built-in one is used.
      </p>
      {languages.length > 1 ? (
        <div className="admin-filters">
          <SelectField label="Language">
            {(control) => (
              <select {...control} value={language} onChange={(e) => setLanguage(e.target.value)}>
                {languages.map((l) => (
                  <option key={l} value={l}>
                    {languageName(l)} ({l})
                  </option>
                ))}
              </select>
            )}
          </SelectField>
        </div>
      ) : null}
      <Problem error={templates.error} />
      {open ? <TemplateEditor key={editing} template={open} onDone={done} /> : null}
      {!templates.data ? (
        templates.error ? null : (
          <Loading what="Loading the templates" />
        )
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table records-table">
            <caption>Wordings in {languageName(language)}</caption>
            <thead>
              <tr>
                <th scope="col">Message</th>
                {CHANNELS.map((c) => (
                  <th key={c} scope="col">
                    {CHANNEL_LABEL[c]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {kinds.map((kind) => (
                <tr key={kind}>
                  <th scope="row">{KIND_LABEL[kind]}</th>
                  {CHANNELS.map((channel) => {
                    const t = shown.find((s) => s.kind === kind && s.channel === channel);
                    if (!t) return <td key={channel}>—</td>;
                    return (
                      <td key={channel} className="records-template">
                        <span className={t.isDefault ? 'muted' : 'records-custom'}>{t.isDefault ? 'Default' : 'Customised'}</span>
                        <button
                          type="button"
                          aria-expanded={editing === keyOf(t)}
                          onClick={(e) => {
                            opener.current = e.currentTarget;
                            setEditing(editing === keyOf(t) ? null : keyOf(t));
                          }}
                        >
                          Edit<span className="sr-only"> {templateName(t)}</span>
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
