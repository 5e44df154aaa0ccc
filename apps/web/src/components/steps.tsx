import { Alert, App, Button, Form, Input, Modal, Space, Tooltip, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { CaseView } from '../api/views';
import { useI18n } from '../i18n';
import { useSession } from '../session-context';
import { ApiErrorAlert } from './async';

/** "corrections[0].newValue" or "corrections.0.newValue" → ['corrections', 0, 'newValue'] (an antd name path). */
export function namePath(field: string): Array<string | number> {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Puts each error the API names on its form item; returns whether any landed (the rest shows in the alert). */
export function applyFieldErrors(form: FormInstance, err: unknown): void {
  if (!(err instanceof ApiError)) return;
  const registered = new Set(Object.keys(form.getFieldsValue(true)));
  form.setFields(
    err.errors
      .map((e) => {
        let path = namePath(e.field);
        if (path[0] === 'corrections' && path.length === 2) path = [...path, 'newValue'];
        return { name: path, errors: [e.message] };
      })
      .filter((f) => registered.has(String(f.name[0]))),
  );
}

/**
 * A button opening a form in a dialog; the form's values go to `run`. A refusal keeps the dialog open with the
 * API's words, and field errors on their fields.
 */
export function StepButton<V extends object>({
  label,
  title,
  run,
  onDone,
  children,
  danger,
  primary,
  disabled,
  disabledReason,
  initialValues,
  width,
}: {
  label: string;
  title?: string;
  run: (values: V) => Promise<unknown>;
  onDone: () => void;
  children?: ReactNode;
  danger?: boolean;
  primary?: boolean;
  disabled?: boolean;
  disabledReason?: string;
  initialValues?: Partial<V>;
  width?: number;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<V>();

  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      await run(values);
      message.success(t('step.done', { step: label }));
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (err) {
      setError(err);
      applyFieldErrors(form, err);
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button
      type={primary ? 'primary' : 'default'}
      danger={danger}
      disabled={disabled}
      onClick={() => (children ? setOpen(true) : submit({} as V))}
      loading={!children && busy}
    >
      {label}
    </Button>
  );
  return (
    <>
      {disabled && disabledReason ? (
        <Tooltip title={disabledReason}>
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
      {!children && error !== null && !open && <ApiErrorAlert error={error} />}
      {children && (
        <Modal
          open={open}
          title={title ?? label}
          width={width}
          okText={t('common.submit')}
          cancelText={t('common.cancel')}
          confirmLoading={busy}
          onOk={() => form.submit()}
          onCancel={() => setOpen(false)}
          destroyOnHidden
        >
          <Form<V> form={form} layout="vertical" onFinish={submit} initialValues={initialValues} preserve={false}>
            {children}
          </Form>
          {error !== null && <ApiErrorAlert error={error} />}
        </Modal>
      )}
    </>
  );
}

/** The four-eyes rule shown, not only enforced: who investigated, and whether the signed-in person may approve. */
export function FourEyes({ c }: { c: CaseView }) {
  const { t } = useI18n();
  const me = useSession();
  const investigated = c.investigators.includes(me.username);
  const who = [...new Set([...c.investigators, ...(c.submission ? [c.submission.submittedBy] : [])])].join('、') || '—';
  return (
    <Alert
      type={investigated ? 'warning' : 'info'}
      showIcon
      title={t('approvals.fourEyes')}
      description={
        <Space orientation="vertical" size={0}>
          <span>
            {t('case.investigators')}：{who}
          </span>
          <strong>
            {investigated ? t('approvals.youInvestigated', { who: me.username }) : t('approvals.mayApprove')}
          </strong>
        </Space>
      }
    />
  );
}

/** Approve / reject for compliance; approve disabled, with the reason, for someone who investigated the case. */
export function ApproveReject({
  c,
  run,
  onDone,
}: {
  c: CaseView;
  run: (step: 'approve' | 'reject', body: Record<string, unknown>) => Promise<unknown>;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const me = useSession();
  const investigated = c.investigators.includes(me.username);
  const reason = investigated ? t('approvals.youInvestigated', { who: me.username }) : undefined;
  return (
    <Space wrap>
      <StepButton<{ note?: string }>
        label={t('step.approve')}
        primary
        disabled={investigated}
        disabledReason={reason}
        run={(v) => run('approve', v)}
        onDone={onDone}
      >
        <Form.Item name="note" label={t('step.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </StepButton>
      <StepButton<{ reason: string }>
        label={t('step.reject')}
        danger
        disabled={investigated}
        disabledReason={reason}
        run={(v) => run('reject', v)}
        onDone={onDone}
      >
        <Form.Item name="reason" label={t('approvals.rejectReason')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </StepButton>
    </Space>
  );
}
