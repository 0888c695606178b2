import { graphql, type ResultOf } from '../graphql/graphql.ts';
export { CurrentStaffQuery, LogInStaffMutation, type StaffMember } from '../staff/documents.ts';
import { UploadFields } from '../uploads/documents.ts';
import { UserErrorFields } from '../graphql/operations.ts';
import { RegistrationFields } from '../registration/documents.ts';

/** The review console's documents (staff sign-in is src/staff/documents.ts): the queue with filters and counts, a registration and the reviewer's answer, change requests and their decisions. */



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

/** Waiting at the caller's stage, oldest submission first, narrowed by college, city and type, a page at a time. */
export const ReviewQueueQuery = graphql(
  `
    query ReviewQueue($examSessionId: ID!, $collegeCode: String, $examCity: String, $candidateType: String, $after: String) {
      reviewQueue(examSessionId: $examSessionId, filter: { collegeCode: $collegeCode, examCity: $examCity, candidateType: $candidateType }, first: 50, after: $after) {
        totalCount
        endCursor
        hasNextPage
        nodes {
          ...QueueItemFields
        }
      }
      registrationCounts(filter: { examSessionId: $examSessionId, collegeCode: $collegeCode, examCity: $examCity, candidateType: $candidateType }) {
        status
        count
      }
    }
  `,
  [QueueItemFields],
);

/** Every registration within reach in one status, with the same narrowing (a filter of the console). */
export const RegistrationsByStatusQuery = graphql(
  `
    query RegistrationsByStatus($examSessionId: ID!, $status: String!, $collegeCode: String, $examCity: String, $candidateType: String, $after: String) {
      registrations(filter: { examSessionId: $examSessionId, status: $status, collegeCode: $collegeCode, examCity: $examCity, candidateType: $candidateType }, first: 50, after: $after) {
        totalCount
        endCursor
        hasNextPage
        nodes {
          ...QueueItemFields
        }
      }
      registrationCounts(filter: { examSessionId: $examSessionId, collegeCode: $collegeCode, examCity: $examCity, candidateType: $candidateType }) {
        status
        count
      }
    }
  `,
  [QueueItemFields],
);

/** The names the filters offer, as the province's rules list them. */
export const ReviewOptionsQuery = graphql(`
  query ReviewOptions($province: String!) {
    registrationRules(province: $province) {
      province
      colleges {
        code
        name
      }
      examCities {
        code
        name
      }
      candidateTypes {
        code
        name
      }
    }
  }
`);

const ChangeRequestFields = graphql(`
  fragment ChangeRequestFields on ChangeRequest {
    id
    registrationId
    field
    label
    status
    phase
    requestedAt
    decidedAt
    reason
    oldValue
    newValue
    registration {
      id
      fields {
        code
        display
      }
    }
  }
`);

/** Change requests (申请修改) the caller decides, oldest first, a page at a time. */
export const ChangeRequestsQuery = graphql(
  `
    query ChangeRequests($examSessionId: ID!, $status: ChangeRequestStatus, $after: String) {
      changeRequests(examSessionId: $examSessionId, status: $status, first: 50, after: $after) {
        totalCount
        endCursor
        hasNextPage
        nodes {
          ...ChangeRequestFields
        }
      }
    }
  `,
  [ChangeRequestFields],
);

export const DecideChangeRequestMutation = graphql(
  `
    mutation DecideChangeRequest($input: DecideChangeRequestInput!) {
      decideChangeRequest(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
        errors {
          ...UserErrorFields
        }
        changeRequest {
          ...ChangeRequestFields
        }
      }
    }
  `,
  [UserErrorFields, ChangeRequestFields],
);

export type ChangeRequestView = ResultOf<typeof ChangeRequestFields>;

export const ReviewRegistrationQuery = graphql(
  `
    query ReviewRegistration($id: ID!) {
      registration(id: $id) {
        ...RegistrationFields
        collegeCode
        candidateType
        changeRequests {
          id
          status
        }
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
