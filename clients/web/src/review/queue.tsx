import { createEffect, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { SelectField } from '../components/field.tsx';
import { isSessionOver, transportErrorMessage } from '../graphql/errors.ts';
import { LogOutMutation } from '../graphql/operations.ts';
import { REGISTRATION_STATUS_LABELS } from '../registration/model.ts';
import { CurrentStaffQuery, ExamSessionsQuery, RegistrationsByStatusQuery, ReviewQueueQuery, type QueueItem } from './documents.ts';
import { useStaffSession } from './section.tsx';

const ROLE_LABELS: Record<string, string> = { COLLEGE_REVIEWER: '院校审核员', PROVINCE_REVIEWER: '省级审核员', POLICY_STAFF: '政策管理员', ADMIN: '系统管理员' };
const STATUSES = ['IN_REVIEW', 'RETURNED', 'REJECTED', 'COMPLETE', 'IN_PROGRESS'];

const nameOf = (item: QueueItem) => item.fields.find((f) => f.code === 'name')?.display ?? '—';
const displayOf = (item: QueueItem, code: string) => item.fields.find((f) => f.code === code)?.display ?? '—';

/**
 * 审核工作台: the registrations waiting at the reviewer's stage (oldest first), or those in one status, with the count
 * in each status; a row opens the registration. Signed-out staff go to the sign-in page.
 */
export default function QueuePage() {
  const session = useStaffSession();
  const client = useClient();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams<{ status?: string; session?: string }>();
  document.title = '资格审核';
  const signedIn = () => session.isSignedIn();
  const [staff] = createQuery({ query: CurrentStaffQuery, pause: () => !signedIn() });
  const member = () => staff.data?.currentStaff ?? undefined;
  const [sessions] = createQuery({ query: ExamSessionsQuery, variables: () => ({ province: member()?.province ?? null }), pause: () => !member() });
  const examSessionId = () => search.session ?? sessions.data?.examSessions[0]?.id;
  const status = () => search.status ?? '';
  const [queue, refetchQueue] = createQuery({ query: ReviewQueueQuery, variables: () => ({ examSessionId: examSessionId() ?? '' }), pause: () => !examSessionId() || !!status() });
  const [listed, refetchListed] = createQuery({
    query: RegistrationsByStatusQuery,
    variables: () => ({ examSessionId: examSessionId() ?? '', status: status() }),
    pause: () => !examSessionId() || !status(),
  });
  const page = () => (status() ? listed.data?.registrations : queue.data?.reviewQueue);
  const counts = () => (status() ? listed.data?.registrationCounts : queue.data?.registrationCounts) ?? [];
  const error = () => staff.error ?? queue.error ?? listed.error;
  const [leaving, setLeaving] = createSignal(false);

  createEffect(() => {
    if (!signedIn() || (staff.data && !staff.data.currentStaff) || isSessionOver(staff.error)) {
      session.clear();
      navigate('/review/login', { replace: true });
    }
  });

  const logOut = async () => {
    setLeaving(true);
    await client.mutation(LogOutMutation, {}).toPromise();
    session.clear();
    navigate('/review/login', { replace: true });
  };

  return (
    <div class="layout layout--wide">
      <section class="card" aria-labelledby="queue-heading">
        <div class="console-head">
          <div>
            <p class="card__eyebrow">{member() ? `${member()!.displayName} · ${ROLE_LABELS[member()!.role] ?? member()!.role}` : '资格审核'}</p>
            <h1 class="card__title" id="queue-heading">
              {status() ? `${REGISTRATION_STATUS_LABELS[status()] ?? status()}的报名` : '待我审核'}
            </h1>
          </div>
          <button type="button" class="button button--outline" onClick={logOut} disabled={leaving()}>
            {leaving() ? '正在退出…' : '退出'}
          </button>
        </div>
        <Show when={error() && !isSessionOver(error())}>
          <p class="alert alert--error" role="alert">
            {transportErrorMessage(error()!)}
          </p>
        </Show>
        <div class="console-filters">
          <Show when={(sessions.data?.examSessions.length ?? 0) > 1}>
            <SelectField
              name="session"
              label="考试"
              value={examSessionId() ?? ''}
              options={(sessions.data?.examSessions ?? []).map((s) => ({ value: s.id, label: s.title }))}
              onValue={(value) => setSearch({ session: value })}
              required={false}
            />
          </Show>
          <SelectField
            name="status"
            label="显示"
            value={status()}
            options={[{ value: '', label: '待我审核' }, ...STATUSES.map((s) => ({ value: s, label: REGISTRATION_STATUS_LABELS[s] ?? s }))]}
            onValue={(value) => setSearch({ status: value || undefined })}
            required={false}
          />
        </div>
        <ul class="counts" aria-label="各状态报名数">
          <For each={counts()}>
            {(count) => (
              <li class="counts__item" data-status={count.status}>
                <span class="counts__label">{REGISTRATION_STATUS_LABELS[count.status] ?? count.status}</span>
                <strong class="counts__value">{count.count}</strong>
              </li>
            )}
          </For>
        </ul>
        <Switch fallback={<p class="loading" role="status">正在加载…</p>}>
          <Match when={page() && page()!.nodes.length === 0}>
            <p class="card__lead" data-testid="queue-empty">
              没有报名。
            </p>
          </Match>
          <Match when={page()}>
            {(found) => (
              <>
                <p class="card__lead" data-testid="queue-count">
                  共 {found().totalCount} 条
                </p>
                <table class="queue">
                  <caption class="visually-hidden">报名列表</caption>
                  <thead>
                    <tr>
                      <th scope="col">姓名</th>
                      <th scope="col">证件号码</th>
                      <th scope="col">考生类型</th>
                      <th scope="col">状态</th>
                      <th scope="col">提交时间</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={found().nodes}>
                      {(item) => (
                        <tr>
                          <td>
                            <A href={`/review/registrations/${item.id}`}>{nameOf(item)}</A>
                          </td>
                          <td>{displayOf(item, 'idNumber')}</td>
                          <td>{displayOf(item, 'candidateType')}</td>
                          <td>{REGISTRATION_STATUS_LABELS[item.status] ?? item.status}</td>
                          <td>{item.submittedAt ? new Date(item.submittedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—'}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </>
            )}
          </Match>
        </Switch>
        <div class="actions">
          <button type="button" class="button button--secondary" onClick={() => (status() ? refetchListed({ requestPolicy: 'network-only' }) : refetchQueue({ requestPolicy: 'network-only' }))}>
            刷新
          </button>
        </div>
      </section>
    </div>
  );
}
