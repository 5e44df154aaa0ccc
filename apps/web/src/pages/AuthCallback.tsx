import { Button, Card, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { OidcErrorAlert } from '../auth/OidcErrorAlert';
import { completeSignIn } from '../auth/oidc';
import { safeNext } from '../auth/oidc-helpers';
import { useI18n } from '../i18n';
import { homeOf } from '../roles';
import { saveSession } from '../session';

// One exchange per callback address: the code works once, and a re-mounted page (StrictMode) must not spend it twice.
let exchange: { search: string; result: ReturnType<typeof completeSignIn> } | null = null;

/** /auth/callback: where the identity provider sends the browser back with a code. */
export function AuthCallback() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.title = `${t('login.title')} · Verity`;
  }, [t]);
  useEffect(() => {
    const search = location.search;
    if (exchange?.search !== search) exchange = { search, result: completeSignIn(search) };
    let current = true;
    exchange.result.then(
      ({ session, next }) => {
        if (!current) return;
        saveSession(session);
        void navigate(safeNext(next) ?? homeOf(session.role), { replace: true });
      },
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [navigate]);

  return (
    <main style={{ minHeight: '100vh', background: '#f5f7fa', display: 'flex', justifyContent: 'center', padding: 48 }}>
      <Card style={{ width: '100%', maxWidth: 640, alignSelf: 'flex-start' }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            {t('app.title')} · {t('login.title')}
          </Typography.Title>
          {error === null ? (
            <Spin>
              <Typography.Paragraph>{t('login.completing')}</Typography.Paragraph>
            </Spin>
          ) : (
            <>
              <OidcErrorAlert error={error} />
              <Link to="/login">
                <Button type="primary">{t('login.again')}</Button>
              </Link>
            </>
          )}
        </Space>
      </Card>
    </main>
  );
}
