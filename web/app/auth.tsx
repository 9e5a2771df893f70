// Who is logged in: GET /api/auth/me via React Query, the permission check used by menus and pages,
// and the guards that send people to /login or /change-password.
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import type { Me } from '../../contracts/auth.ts';
import { ApiError, api, onAuthProblem, request, setCsrfToken } from '../lib/api.ts';
import { useT } from '../lib/i18n.ts';

export const ME_KEY = ['auth', 'me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    // quietAuth: a 401 here just means "not logged in", not "session expired mid-work".
    const me = await request<Me>('GET', '/api/auth/me', { quietAuth: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** The logged-in user (inside RequireAuth, where it is always loaded). */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside RequireAuth');
  return data;
}

export function hasPerm(me: Me | null | undefined, perm: string | string[] | undefined): boolean {
  if (!perm) return true;
  if (!me) return false;
  const p = me.user.permissions;
  if (p.includes('*')) return true;
  return (Array.isArray(perm) ? perm : [perm]).some((x) => p.includes(x));
}

export function useCan(): (perm: string | string[] | undefined) => boolean {
  const { data } = useMe();
  return (perm) => hasPerm(data, perm);
}

/** After login/OTP: remember the CSRF token and load /me before entering the app. */
export function useAfterLogin() {
  const qc = useQueryClient();
  return async (csrf: string) => {
    setCsrfToken(csrf);
    await qc.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe });
  };
}

export function useLogout() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async (everywhere = false) => {
    try {
      await api.post(everywhere ? '/api/auth/logout-all' : '/api/auth/logout');
    } finally {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(ME_KEY, null);
      navigate('/login', { replace: true });
    }
  };
}

/** Reacts to 401 / PASSWORD_CHANGE_REQUIRED from any API call while the user works. */
export function AuthRedirects() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  useEffect(() => onAuthProblem((code) => {
    if (code === 'UNAUTHENTICATED') {
      qc.setQueryData(ME_KEY, null);
      if (!location.pathname.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(location.pathname)}`, { replace: true });
    } else {
      navigate('/change-password', { replace: true });
    }
  }), [navigate, qc]);
  return null;
}

export function FullPageSpin() {
  return <div style={{ display: 'grid', placeItems: 'center', height: '60vh' }}><Spin size="large" /></div>;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { data, isLoading, error } = useMe();
  const loc = useLocation();
  if (isLoading) return <FullPageSpin />;
  if (error) return <Result status="error" title={(error as Error).message} />;
  if (!data) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (data.user.mustChangePassword && loc.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

/** A page's own permission gate: the menu hides the entry, and a typed-in URL gets a clear 403. */
export function RequirePerm({ perm, children }: { perm?: string | string[]; children: ReactNode }) {
  const can = useCan();
  const t = useT();
  if (!can(perm)) return <Result status="403" title="403" subTitle={t('noPermission')} />;
  return <>{children}</>;
}
