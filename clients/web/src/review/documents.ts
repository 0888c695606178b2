import { graphql, type ResultOf } from '../graphql/graphql.ts';
import { UploadFields } from '../uploads/documents.ts';
import { UserErrorFields } from '../graphql/operations.ts';
import { RegistrationFields } from '../registration/documents.ts';

/** The review console's documents: staff sign-in, the queue with counts, a registration and the reviewer's answer. */

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

export const ExamSessionsQuery = graphql(`
  query ExamSessions($province: String) {
    examSessions(province: $province) {
      id
      title
      provinceName
    }
  }
`);

const QueueItemFields = graphql(`
  fragment QueueItemFields on Registration {
    id
    status
    candidateType
    examCity
    collegeCode
    submittedAt
    nextStep
    fields {
      code
      label
      display
    }
  }
`);

/** Waiting at the caller's stage, oldest submission first. */
export const ReviewQueueQuery = graphql(
  `
    query ReviewQueue($examSessionId: ID!) {
      reviewQueue(examSessionId: $examSessionId, first: 50) {
        totalCount
        nodes {
          ...QueueItemFields
        }
      }
      registrationCounts(filter: { examSessionId: $examSessionId }) {
        status
        count
      }
    }
  `,
  [QueueItemFields],
);

/** Every registration within reach in one status (a filter of the console). */
export const RegistrationsByStatusQuery = graphql(
  `
    query RegistrationsByStatus($examSessionId: ID!, $status: String!) {
      registrations(filter: { examSessionId: $examSessionId, status: $status }, first: 50) {
        totalCount
        nodes {
          ...QueueItemFields
        }
      }
      registrationCounts(filter: { examSessionId: $examSessionId }) {
        status
        count
      }
    }
  `,
  [QueueItemFields],
);

export const ReviewRegistrationQuery = graphql(
  `
    query ReviewRegistration($id: ID!) {
      registration(id: $id) {
        ...RegistrationFields
        collegeCode
        candidateType
        review {
          outcomes {
            outcome
            label
            reasonRequired
          }
        }
      }
    }
  `,
  [RegistrationFields],
);

export const ReviewRegistrationMutation = graphql(
  `
    mutation ReviewRegistration($input: ReviewRegistrationInput!) {
      reviewRegistration(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
        errors {
          ...UserErrorFields
        }
        registration {
          id
          status
          version
        }
      }
    }
  `,
  [UserErrorFields],
);

export type QueueItem = ResultOf<typeof QueueItemFields>;
export type StaffMember = NonNullable<ResultOf<typeof CurrentStaffQuery>['currentStaff']>;

/** The registration's files as its reviewer may read them (candidates subgraph): asked apart, so the page shows without them. */
export const ReviewUploadsQuery = graphql(
  `
    query ReviewUploads($id: ID!) {
      registration(id: $id) {
        id
        uploads {
          ...UploadFields
        }
      }
    }
  `,
  [UploadFields],
);
