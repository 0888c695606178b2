import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Tokens of a session: send the access token as `Authorization: Bearer`; renew it with the refresh token.' })
export class AuthTokens {
  @Field(() => String)
  accessToken: string;

  @Field(() => Date)
  accessTokenExpiresAt: Date;

  @Field(() => String, { description: 'Single use: each refresh returns a new one, and reusing an old one ends the session.' })
  refreshToken: string;

  @Field(() => Date)
  refreshTokenExpiresAt: Date;
}
