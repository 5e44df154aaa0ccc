import {
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  DeleteOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  IdcardOutlined,
  KeyOutlined,
  MenuOutlined,
  MessageOutlined,
  ReconciliationOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Result, Space, Typography } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Loading } from './components/Loading';
import { WorkingCalendarProvider } from './components/case-bits';
import { useI18n, type MessageKey } from './i18n';
import { canSee, homeOf, type PageKey } from './roles';
import { signOut } from './auth/oidc';
import type { Session } from './session';
import { SessionContext } from './session-context';

const pages: Record<PageKey, React.LazyExoticComponent<() => ReactNode>> = {
  tasks: lazy(() => import('./pages/MyTasks')),
  distribution: lazy(() => import('./pages/Distribution')),
  cases: lazy(() => import('./pages/Cases')),
  approvals: lazy(() => import('./pages/Approvals')),
  dashboard: lazy(() => import('./pages/Dashboard')),
  detection: lazy(() => import('./pages/Detection')),
  imports: lazy(() => import('./pages/Imports')),
  calendar: lazy(() => import('./pages/Calendar')),
  sellers: lazy(() => import('./pages/Sellers')),
  complaints: lazy(() => import('./pages/Complaints')),
  campaigns: lazy(() => import('./pages/Campaigns')),
  penalties: lazy(() => import('./pages/Penalties')),
  reports: lazy(() => import('./pages/Reports')),
  inquiry: lazy(() => import('./pages/Inquiry')),
  access: lazy(() => import('./pages/AccessRequests')),
  loans: lazy(() => import('./pages/Loans')),
  audit: lazy(() => import('./pages/AuditTrail')),
  retention: lazy(() => import('./pages/Retention')),
};
const CaseDetail = lazy(() => import('./pages/CaseDetail'));

const MENU: Array<{ key: PageKey; icon: ReactNode }> = [
  { key: 'tasks', icon: <CheckSquareOutlined /> },
  { key: 'distribution', icon: <SendOutlined /> },
  { key: 'cases', icon: <FileSearchOutlined /> },
  { key: 'approvals', icon: <AuditOutlined /> },
  { key: 'dashboard', icon: <BarChartOutlined /> },
  { key: 'detection', icon: <UnorderedListOutlined /> },
  { key: 'imports', icon: <CloudUploadOutlined /> },
  { key: 'calendar', icon: <CalendarOutlined /> },
  { key: 'sellers', icon: <TeamOutlined /> },
  { key: 'complaints', icon: <MessageOutlined /> },
  { key: 'campaigns', icon: <ReconciliationOutlined /> },
  { key: 'penalties', icon: <WarningOutlined /> },
  { key: 'reports', icon: <FileTextOutlined /> },
  { key: 'inquiry', icon: <IdcardOutlined /> },
  { key: 'access', icon: <KeyOutlined /> },
  { key: 'loans', icon: <FolderOpenOutlined /> },
  { key: 'audit', icon: <SafetyCertificateOutlined /> },
  { key: 'retention', icon: <DeleteOutlined /> },
];

export default function Shell({ session }: { session: Session }) {
  const { t, lang, setLang, label } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const current = location.pathname.split('/')[1] ?? '';
  // Below lg (tablets) the menu folds away behind a header button instead of antd's floating trigger.
  const [narrow, setNarrow] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const items = MENU.filter((m) => canSee(session.role, m.key)).map((m) => ({
    key: m.key,
    icon: m.icon,
    label: <Link to={`/${m.key}`}>{t(`menu.${m.key}` as MessageKey)}</Link>,
  }));
  const guard = (key: PageKey, node: ReactNode) =>
    canSee(session.role, key) ? node : <Result status="403" title="403" subTitle={t('common.forbidden')} />;

  return (
    <SessionContext.Provider value={session}>
      <WorkingCalendarProvider>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Sider
            breakpoint="lg"
            collapsedWidth={0}
            width={200}
            theme="light"
            trigger={null}
            collapsible
            collapsed={collapsed}
            onBreakpoint={(broken) => {
              setNarrow(broken);
              setCollapsed(broken);
            }}
            style={{ borderInlineEnd: '1px solid #f0f0f0' }}
          >
            <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>Verity</div>
            <nav aria-label={t('app.menu')}>
              <Menu
                mode="inline"
                selectedKeys={[current]}
                items={items}
                style={{ borderInlineEnd: 0 }}
                onClick={() => narrow && setCollapsed(true)}
              />
            </nav>
          </Layout.Sider>
          <Layout>
            <Layout.Header
              style={{
                background: '#fff',
                padding: '0 16px',
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'space-between',
                gap: 8,
                borderBottom: '1px solid #f0f0f0',
              }}
            >
              {narrow && (
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label={t('app.menu')}
                  aria-expanded={!collapsed}
                  onClick={() => setCollapsed((c) => !c)}
                />
              )}
              <Typography.Text strong ellipsis style={{ minWidth: 0, flex: '1 1 auto' }}>
                {t('app.title')}
              </Typography.Text>
              <Space wrap={false} style={{ flex: '0 0 auto' }}>
                <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                  {t('app.signedInAs', { name: session.displayName, role: label('role', session.role) })}
                </Typography.Text>
                <Button
                  size="small"
                  onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
                  lang={lang === 'en' ? 'zh-CN' : 'en'}
                >
                  {t('app.lang')}
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    // Through the identity provider's end-session endpoint when the sign-in came from there.
                    const idp = signOut();
                    if (idp) window.location.assign(idp);
                    else void navigate('/login', { replace: true });
                  }}
                >
                  {t('app.signOut')}
                </Button>
              </Space>
            </Layout.Header>
            <Layout.Content style={{ padding: 16 }}>
              <main>
                <Suspense fallback={<Loading />}>
                  <Routes>
                    {(Object.keys(pages) as PageKey[]).map((key) => {
                      const Page = pages[key];
                      return <Route key={key} path={`/${key}`} element={guard(key, <Page />)} />;
                    })}
                    <Route path="/cases/:id" element={guard('cases', <CaseDetail />)} />
                    <Route path="/" element={<Navigate to={homeOf(session.role)} replace />} />
                    <Route
                      path="*"
                      element={
                        <Result
                          status="404"
                          title="404"
                          subTitle={t('common.notFound')}
                          extra={<Link to="/">{t('common.back')}</Link>}
                        />
                      }
                    />
                  </Routes>
                </Suspense>
              </main>
            </Layout.Content>
          </Layout>
        </Layout>
      </WorkingCalendarProvider>
    </SessionContext.Provider>
  );
}
