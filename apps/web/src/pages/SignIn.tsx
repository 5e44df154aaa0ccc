import { Alert, Button, Card, Collapse, Form, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { loadAuthConfig, type AuthConfig, type OidcAuthConfig } from '../api/auth-config';
import { listLocalUsers, localSignIn, type LocalUser, type Role } from '../api/local-auth';
import { OidcErrorAlert } from '../auth/OidcErrorAlert';
import { startSignIn } from '../auth/oidc';
import { safeNext } from '../auth/oidc-helpers';
import { ApiErrorAlert } from '../components/async';
import { useI18n } from '../i18n';
import { homeOf } from '../roles';
import { saveSession, sessionFromToken } from '../session';

/** The demo roles in the order the issue lists them. */
const ROLE_ORDER: Role[] = [
  'back_office',
  'team_leader',
  'customer_service',
  'compliance',
  'channel_manager',
  'general_office',
  'auditor',
  'admin',
  'intake',
];

export function SignIn() {
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [configError, setConfigError] = useState<unknown>(null);
  const [tokenError, setTokenError] = useState<string | null>(null);
  const next = safeNext(params.get('next'));

  useEffect(() => {
    document.title = `${t('login.title')} · Verity`;
  }, [t]);
  useEffect(() => {
    loadAuthConfig().then(setConfig, setConfigError);
  }, []);

  const go = (role: Role) => void navigate(next ?? homeOf(role), { replace: true });

  return (
    <main
      style={{
        minHeight: '100vh',
        background: '#f5f7fa',
        display: 'flex',
        justifyContent: 'center',
        alignItems: 'flex-start',
        padding: '48px 16px',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 640 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
              {t('app.title')} · {t('login.title')}
            </Typography.Title>
            <Button size="small" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
              {t('app.lang')}
            </Button>
          </Space>
          {params.get('expired') && <Alert type="warning" showIcon title={t('login.expired')} />}
          {configError !== null ? (
            <ApiErrorAlert error={configError} />
          ) : config === null ? (
            <Spin />
          ) : config.mode === 'local' ? (
            <LocalUsers onSignedIn={go} />
          ) : config.mode === 'oidc' ? (
            <OidcSignIn config={config} next={next} />
          ) : (
            <Alert type="warning" showIcon title={t('login.oidcMissing', { names: config.missing.join(', ') })} />
          )}
          <Collapse
            items={[
              {
                key: 'token',
                label: t('login.token'),
                children: (
                  <Form
                    layout="vertical"
                    onFinish={({ token }: { token: string }) => {
                      const s = sessionFromToken(token.trim());
                      if (!s) return setTokenError(t('login.tokenInvalid'));
                      saveSession(s);
                      go(s.role);
                    }}
                  >
                    <Form.Item
                      name="token"
                      label={t('login.tokenLabel')}
                      extra={t('login.tokenHint')}
                      rules={[{ required: true }]}
                      validateStatus={tokenError ? 'error' : undefined}
                      help={tokenError ?? undefined}
                    >
                      <Input.TextArea
                        rows={3}
                        autoComplete="off"
                        spellCheck={false}
                        onChange={() => setTokenError(null)}
                      />
                    </Form.Item>
                    <Button htmlType="submit">{t('login.title')}</Button>
                  </Form>
                ),
              },
            ]}
          />
        </Space>
      </Card>
    </main>
  );
}

/** The demo users by role, each a button that signs in with the local secret (local sign-in only). */
function LocalUsers({ onSignedIn }: { onSignedIn: (role: Role) => void }) {
  const { t, label } = useI18n();
  const [users, setUsers] = useState<LocalUser[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [signInError, setSignInError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    listLocalUsers().then(
      (u) => setUsers([...u].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))),
      setLoadError,
    );
  }, []);

  const signIn = async (u: LocalUser) => {
    setBusy(u.username);
    setSignInError(null);
    try {
      const r = await localSignIn(u.username);
      saveSession({
        token: r.token,
        expiresAt: r.expiresAt,
        username: r.user.username,
        role: r.user.role,
        displayName: r.user.displayName,
      });
      onSignedIn(r.user.role);
    } catch (err) {
      setSignInError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="local-users">
      <Typography.Title level={2} id="local-users" style={{ fontSize: 18 }}>
        {t('login.local')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('login.localHint')}</Typography.Paragraph>
      {loadError ? (
        <Alert
          type="info"
          showIcon
          title={t('login.unavailable', {
            message: loadError instanceof Error ? loadError.message : String(loadError),
          })}
        />
      ) : (
        <List
          loading={users === null}
          bordered
          dataSource={users ?? []}
          locale={{ emptyText: t('common.empty') }}
          renderItem={(u) => (
            <List.Item
              actions={[
                <Button
                  key="go"
                  type="primary"
                  loading={busy === u.username}
                  onClick={() => signIn(u)}
                  aria-label={`${t('login.signInAs')}：${label('role', u.role)} ${u.displayName}`}
                >
                  {t('login.signInAs')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space>
                    <Tag color="blue">{label('role', u.role)}</Tag>
                    {u.displayName}
                  </Space>
                }
                description={<code>{u.username}</code>}
              />
            </List.Item>
          )}
        />
      )}
      {signInError !== null && (
        <div style={{ marginTop: 12 }}>
          <ApiErrorAlert error={signInError} />
        </div>
      )}
    </section>
  );
}

/** One button: to the identity provider and back to /auth/callback. */
function OidcSignIn({ config, next }: { config: OidcAuthConfig; next: string | null }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await startSignIn(config, next);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <section aria-label={t('login.oidc')}>
      <Typography.Paragraph type="secondary">{t('login.oidcHint', { issuer: config.issuer })}</Typography.Paragraph>
      <Button type="primary" size="large" block loading={busy} onClick={start}>
        {t('login.oidc')}
      </Button>
      {error !== null && (
        <div style={{ marginTop: 12 }}>
          <OidcErrorAlert error={error} />
        </div>
      )}
    </section>
  );
}
