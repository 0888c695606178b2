import { GraphQLError } from 'graphql';
import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * An expected failure a caller can act on: a stable `code` for programs, a Chinese `message` for candidates,
 * and the input `field` it concerns when there is one. Mutations return it instead of throwing.
 */
@ObjectType({ description: 'An expected failure: a stable code for programs and a message in Chinese for people.' })
@Directive('@shareable')
export class UserError {
  @Field(() => String, { description: 'Stable machine-readable code, e.g. `ID_NUMBER_INVALID`. See docs/errors.md.' })
  code: string;

  @Field(() => String, { description: 'What went wrong, in Chinese, ready to show to the candidate.' })
  message: string;

  @Field(() => String, { nullable: true, description: 'The input field the error concerns, when there is one.' })
  field?: string;

  constructor(code: string, message: string, field?: string) {
    this.code = code;
    this.message = message;
    this.field = field;
  }
}

/** Thrown inside a service to end an operation with an expected failure; the resolver turns it into a payload. */
export class Refusal extends Error {
  readonly error: UserError;
  /** Extra data a payload may carry with the refusal (e.g. seconds to wait before retrying). */
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, field?: string, details: Record<string, unknown> = {}) {
    super(`${code}: ${message}`);
    this.error = new UserError(code, message, field);
    this.details = details;
  }
}

/** Shape every mutation payload shares. Not referenced by any field, so never emitted as a type of its own. */
@ObjectType({ description: 'Shape every mutation payload shares.' })
export abstract class Payload {
  @Field(() => Boolean, { description: 'Whether the operation took effect. When false, `error` says why and nothing was changed.' })
  ok: boolean;

  @Field(() => UserError, { nullable: true, description: 'Why the operation did not take effect.' })
  error?: UserError;
}

/**
 * Runs a service call and shapes its outcome as a payload: success fills the payload's data, a `Refusal` becomes
 * `{ ok: false, error }`. Any other exception propagates and is masked by the server.
 */
export async function toPayload<P extends Payload>(
  PayloadClass: new () => P,
  action: () => Promise<Partial<Omit<P, 'ok' | 'error'>>>,
): Promise<P> {
  const payload = new PayloadClass();
  try {
    Object.assign(payload, await action());
    payload.ok = true;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    Object.assign(payload, error.details);
    payload.ok = false;
    payload.error = error.error;
  }
  return payload;
}

/** Errors of access, thrown (not returned) because they are not a caller's input problem. */
export function unauthenticated(message = '请先登录'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 200 } } });
}

export function forbidden(message = '没有权限执行此操作'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** What an unexpected failure looks like to a caller: no stack, no internals, a request id to quote. */
export const INTERNAL_ERROR_MESSAGE = '系统繁忙，请稍后重试';
