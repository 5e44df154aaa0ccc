import { Spin } from 'antd';
import { useI18n } from '../i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 64, textAlign: 'center' }} aria-busy="true">
      <Spin description={t('common.loading')} />
    </div>
  );
}
