// A modal holding one antd Form: submit runs onSubmit, server field errors land on the fields,
// other errors show in an Alert at the top. Used by every create/edit dialog.
import { useState, type ReactNode } from 'react';
import { Button, Flex, Form, Modal, type FormInstance } from 'antd';
import { applyFieldErrors } from '../lib/api.ts';
import { useT } from '../lib/i18n.ts';
import { ErrorAlert } from './error-alert.tsx';

export function FormModal<V extends object>({ title, form, onSubmit, onClose, children, submitText, testId, initialValues, width }: {
  title: ReactNode;
  form: FormInstance<V>;
  onSubmit: (values: V) => Promise<void>;
  onClose: () => void;
  children: ReactNode;
  submitText?: string;
  /** data-testid prefix: `${testId}-submit`, `${testId}-error`. */
  testId: string;
  initialValues?: Partial<V>;
  width?: number;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const onFinish = async (v: V) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(v);
    } catch (err) {
      // getFieldsError lists every registered field, so only errors that have a field to land on are moved there.
      applyFieldErrors(form, err, form.getFieldsError().map((f) => f.name.join('.')));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} onCancel={onClose} footer={null} width={width ?? 560} maskClosable={false} data-testid={testId}>
      <ErrorAlert error={error} testId={`${testId}-error`} />
      <Form<V> form={form} layout="vertical" onFinish={onFinish} initialValues={initialValues}>
        {children}
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid={`${testId}-submit`}>{submitText ?? t('save')}</Button>
        </Flex>
      </Form>
    </Modal>
  );
}
