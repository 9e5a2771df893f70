// App shell: antd locale and theme, React Query, the router. Pages come from the table in routes.tsx.
import { Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import { ApiError } from '../lib/api.ts';
import { useLang, useT } from '../lib/i18n.ts';
import { AuthRedirects, FullPageSpin, RequireAuth, RequirePerm, hasPerm, useMe } from './auth.tsx';
import { AppLayout } from './Layout.tsx';
import { ROUTES } from './routes.tsx';
import { LoginPage } from '../features/login/login-page.tsx';
import { ChangePasswordPage } from '../features/login/change-password-page.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors (403, 404, validation) will not change on retry; network blips might.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** "/" for someone without the dashboard (a resident) goes to the first page they may open. */
function HomeOrFirst({ children, perm }: { children: ReactNode; perm?: string | string[] }) {
  const { data: me } = useMe();
  if (hasPerm(me, perm)) return <>{children}</>;
  const first = ROUTES.find((r) => r.menu && r.path !== '/' && hasPerm(me, r.perm) && (!me || (r.menu.visible?.(me) ?? true)));
  return first ? <Navigate to={first.path} replace /> : <RequirePerm perm={perm}>{children}</RequirePerm>;
}

function NotFound() {
  const t = useT();
  return <Result status="404" title="404" subTitle={t('notFound')} extra={<Button type="primary" href="/">{t('backHome')}</Button>} />;
}

export function App() {
  const lang = useLang();
  useEffect(() => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthRedirects />
            <Suspense fallback={<FullPageSpin />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                {ROUTES.filter((r) => r.public).map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
                <Route path="/change-password" element={<RequireAuth><ChangePasswordPage /></RequireAuth>} />
                <Route element={<RequireAuth><AppLayout /></RequireAuth>}>
                  {ROUTES.filter((r) => !r.public).map((r) => (
                    <Route
                      key={r.path}
                      path={r.path}
                      element={r.path === '/' ? <HomeOrFirst perm={r.perm}>{r.element}</HomeOrFirst> : <RequirePerm perm={r.perm}>{r.element}</RequirePerm>}
                    />
                  ))}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
