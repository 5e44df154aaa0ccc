import { Card } from 'antd';
import { PageTitle } from '../components/PageTitle';
import { useI18n } from '../i18n';

export default function Loans() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('menu.loans')} />
      <Card />
    </>
  );
}
