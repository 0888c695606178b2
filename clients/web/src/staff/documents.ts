import { graphql, type ResultOf } from '../graphql/graphql.ts';
import { UserErrorFields } from '../graphql/operations.ts';

/** Staff sign-in and who is signed in: one pair of documents for the review console and the policy console. */

export const LogInStaffMutation = graphql(
  `
    mutation LogInStaff($username: String!, $password: String!) {
      logInStaff(username: $username, password: $password) {
        ok
        error {
          ...UserErrorFields
        }
        member {
          id
          displayName
          role
          province
          collegeCode
        }
        tokens {
          accessToken
          accessTokenExpiresAt
          refreshToken
          refreshTokenExpiresAt
        }
      }
    }
  `,
  [UserErrorFields],
);

export const CurrentStaffQuery = graphql(`
  query CurrentStaff {
    currentStaff {
      id
      username
      displayName
      role
      province
      collegeCode
    }
  }
`);

export type StaffMember = NonNullable<ResultOf<typeof CurrentStaffQuery>['currentStaff']>;
