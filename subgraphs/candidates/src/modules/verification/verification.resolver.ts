import { Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Payload, toPayload } from '@zsb/platform';
import type { Context } from '../../context.ts';

@ObjectType({ description: 'A generated image captcha (图片验证码): one guess, valid five minutes.' })
export class CaptchaChallenge {
  @Field(() => String, { description: 'Send back as `captchaId` with the answer.' })
  id: string;

  @Field(() => String, { description: 'The image as a `data:image/png;base64,` URL.' })
  imageDataUrl: string;

  @Field(() => Date)
  expiresAt: Date;
}

@ObjectType({ description: 'Outcome of asking for a captcha.' })
export class CreateCaptchaPayload extends Payload {
  @Field(() => CaptchaChallenge, { nullable: true })
  captcha?: CaptchaChallenge;
}

@Resolver()
export class VerificationResolver {
  @Mutation(() => CreateCaptchaPayload, { description: 'Generates a new image captcha.' })
  createCaptcha(@Ctx() ctx: Context): Promise<CreateCaptchaPayload> {
    return toPayload(CreateCaptchaPayload, async () => ({ captcha: await ctx.captchas.issue(ctx.caller.clientIp) }));
  }
}
