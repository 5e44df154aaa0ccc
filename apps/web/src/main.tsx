import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import { lazy, StrictMode, Suspense, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { I18nProvider, useI18n } from './i18n';
import { AuthCallback } from './pages/AuthCallback';
import { SignIn } from './pages/SignIn';
import { getSession } from './session';
import { homeOf } from './roles';
import { Loading } from './components/Loading';
import './styles.css';

// antd's default secondary and tertiary greys fall below WCAG AA contrast (4.5:1) on white: darker ones here.
const THEME = {
  token: {
    colorPrimary: '#1f5fbf',
    colorLink: '#1f5fbf',
    colorInfo: '#1f5fbf',
    colorError: '#c41d1d',
    colorWarning: '#ad5f00',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  },
};

// Everything behind sign-in is its own chunk: the first page loads only React, the router and a few antd parts.
const Shell = lazy(() => import('./Shell'));

function RequireSession() {
  const location = useLocation();
  const session = getSession();
  if (!session)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <Suspense fallback={<Loading />}>
      <Shell session={session} />
    </Suspense>
  );
}

function Root() {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = lang;
  }, [lang]);
  const session = getSession();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<SignIn />} />
            <Route path="/auth/callback" element={<AuthCallback />} />
            <Route path="/" element={<Navigate to={session ? homeOf(session.role) : '/login'} replace />} />
            <Route path="/*" element={<RequireSession />} />
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Root />
    </I18nProvider>
  </StrictMode>,
);
