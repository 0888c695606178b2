import { Field, ObjectType } from 'type-graphql';
import { REFRESH_RETRY_GRACE_SECONDS } from './session.service.ts';

@ObjectType({ description: 'Tokens of a session: send the access token as `Authorization: Bearer`; renew it with the refresh token.' })
export class AuthTokens {
  @Field(() => String)
  accessToken: string;

  @Field(() => Date)
  accessTokenExpiresAt: Date;

  @Field(() => String, {
    description:
      `Single use: each refresh returns the next one, and presenting any earlier one ends the session. A retry with the same token within ${REFRESH_RETRY_GRACE_SECONDS} seconds of its use (a lost answer, a second tab) gets the same answer.`,
  })
  refreshToken: string;

  @Field(() => Date)
  refreshTokenExpiresAt: Date;
}
