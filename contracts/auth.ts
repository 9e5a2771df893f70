import { z } from 'zod';

export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名||Enter your user name').max(64),
  password: z.string().min(1, '请输入密码||Enter your password').max(200),
});

export const changePasswordBody = z.object({
  oldPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const phoneSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^(\+?86)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号码||Enter an 11-digit mobile number'));

export const otpRequestBody = z.object({ phone: phoneSchema });
export const otpVerifyBody = z.object({ phone: phoneSchema, code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字||The code has 6 digits') });
export const switchRegionBody = z.object({ regionId: z.number().int().positive().nullable() });

export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    mustChangePassword: z.boolean(),
    roles: z.array(z.string()),
    permissions: z.array(z.string()),
    departmentId: z.string().nullable(),
    personId: z.string().nullable(),
  }),
  scope: z.object({ id: z.number(), name: z.string(), level: z.string(), code: z.string() }),
  home: z.object({ id: z.number(), name: z.string(), level: z.string(), code: z.string() }),
  switchable: z.array(z.object({ id: z.number(), name: z.string(), level: z.string(), code: z.string() })),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof meResponse>;
