import { Refusal } from '@zsb/platform';

/**
 * One password check per request. Sign-in, registration and password reset each run argon2 (19 MiB, tens of
 * milliseconds); thirty aliases of them in one request must not buy thirty checks. One guard is made per request and
 * shared by the services that check or set passwords; the first of those operations claims it, any later one in
 * the same request is refused before it counts or hashes anything.
 */
export class PasswordCheckGuard {
  private claimed = false;

  /** Claims the request's one password check; refuses every later claim. */
  claim(): void {
    if (this.claimed) throw new Refusal('ONE_PASSWORD_CHECK_PER_REQUEST', '每次请求只能进行一次登录、注册或重置密码，请分开提交');
    this.claimed = true;
  }
}
