import { z } from "zod";

export const LoginSchema = z.object({
  username: z.string().trim().min(1, "required").max(64),
  password: z.string().min(1, "required").max(256),
  redirectTo: z.string().max(500).optional(),
});
export type LoginInput = z.infer<typeof LoginSchema>;
