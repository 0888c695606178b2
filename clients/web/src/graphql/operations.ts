import { graphql } from './graphql.ts';

/**
 * The GraphQL documents the web client sends. Their data and variables are typed from the schema by `graphql`
 * (gql.tada), so a field renamed or removed in `gateway/supergraph.graphql` fails `npm run check:types` here.
 */

export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    code
    message
    field
  }
`);

const TokenFields = graphql(`
  fragment TokenFields on AuthTokens {
    accessToken
    accessTokenExpiresAt
    refreshToken
    refreshTokenExpiresAt
  }
`);

const AccountFields = graphql(`
  fragment AccountFields on CandidateAccount {
    id
    province
    idType
    idNumber
    phone
    name
    examSession {
      id
      title
    }
  }
`);

export const ProvincesQuery = graphql(`
  query Provinces {
    provinces {
      code
      name
      examYear
      title
    }
  }
`);

/** The clock registration windows are read on, for a province: simulated in development, and the page must say so. */
export const PlatformClockQuery = graphql(`
  query PlatformClock($province: String!) {
    platformClock(province: $province) {
      now
      simulated
      message
    }
  }
`);

export const AccountPolicyQuery = graphql(`
  query AccountPolicy($province: String!) {
    accountPolicy(province: $province) {
      province
      provinceName
      examYear
      title
      idTypes {
        code
        name
        hint
        checkDigit
        pattern
      }
      registration {
        requiresRoster
        captcha
        consentRequired
        consentLabel
        consentDocuments {
          title
          text
        }
        notice
      }
      password {
        minLength
        maxLength
        requirements
        description
      }
      loginFactors
      loginNotices
      passwordResetFlow
      passwordResetCaptcha
      smsCaptchaBeforeSending
    }
  }
`);

export const MeQuery = graphql(
  `
    query Me {
      me {
        ...AccountFields
      }
    }
  `,
  [AccountFields],
);

export const CreateCaptchaMutation = graphql(
  `
    mutation CreateCaptcha {
      createCaptcha {
        ok
        error {
          ...UserErrorFields
        }
        captcha {
          id
          imageDataUrl
          expiresAt
        }
      }
    }
  `,
  [UserErrorFields],
);

export const SendSmsCodeMutation = graphql(
  `
    mutation SendSmsCode($input: SendSmsCodeInput!) {
      sendSmsCode(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
        resendAfterSeconds
        maskedPhone
      }
    }
  `,
  [UserErrorFields],
);

export const RegisterCandidateMutation = graphql(
  `
    mutation RegisterCandidate($input: RegisterCandidateInput!) {
      registerCandidate(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
        account {
          ...AccountFields
        }
        tokens {
          ...TokenFields
        }
        retryAfterSeconds
      }
    }
  `,
  [UserErrorFields, AccountFields, TokenFields],
);

export const LogInCandidateMutation = graphql(
  `
    mutation LogInCandidate($input: LogInCandidateInput!) {
      logInCandidate(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
        account {
          ...AccountFields
        }
        tokens {
          ...TokenFields
        }
        retryAfterSeconds
      }
    }
  `,
  [UserErrorFields, AccountFields, TokenFields],
);

export const StartPasswordResetMutation = graphql(
  `
    mutation StartPasswordReset($input: StartPasswordResetInput!) {
      startPasswordReset(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
        resetTicket
        maskedPhone
      }
    }
  `,
  [UserErrorFields],
);

export const ResetPasswordMutation = graphql(
  `
    mutation ResetPassword($input: ResetPasswordInput!) {
      resetPassword(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
      }
    }
  `,
  [UserErrorFields],
);

export const LogOutMutation = graphql(
  `
    mutation LogOut {
      logOut {
        ok
        error {
          ...UserErrorFields
        }
      }
    }
  `,
  [UserErrorFields],
);

/** Sent by the auth exchange without a bearer token (`refreshSession` is how a spent access token is replaced). */
export const RefreshSessionMutation = graphql(
  `
    mutation RefreshSession($refreshToken: String!) {
      refreshSession(refreshToken: $refreshToken) {
        ok
        error {
          ...UserErrorFields
        }
        tokens {
          ...TokenFields
        }
      }
    }
  `,
  [UserErrorFields, TokenFields],
);
