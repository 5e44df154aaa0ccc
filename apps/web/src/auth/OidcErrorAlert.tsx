import { Alert } from 'antd';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { OidcError } from './oidc-helpers';

/** A failed sign-in at the identity provider, in words: each OidcError code has its message in both languages. */
export function OidcErrorAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  const message =
    error instanceof OidcError
      ? t(`oidc.${error.code}` as MessageKey, { detail: error.detail })
      : error instanceof Error
        ? error.message
        : String(error);
  return <Alert type="error" showIcon role="alert" title={t('common.error')} description={message} />;
}
