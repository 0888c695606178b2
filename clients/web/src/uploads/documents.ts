import { graphql, type ResultOf } from '../graphql/graphql.ts';
import { UserErrorFields } from '../graphql/operations.ts';

/** The documents of uploads (candidates subgraph): a token per field, then the upload's 处理状态 until it settles. */

export const UploadFields = graphql(
  `
    fragment UploadFields on Upload {
      id
      field
      label
      step
      status
      statusText
      complianceText
      problem {
        ...UserErrorFields
      }
      format
      bytes
      width
      height
      checks {
        code
        passed
        message
      }
      comparison {
        distance
        threshold
        matched
        text
      }
      stepCompleted
      downloadUrl
      createdAt
    }
  `,
  [UserErrorFields],
);

export const RequestUploadMutation = graphql(
  `
    mutation RequestUpload($input: RequestUploadInput!) {
      requestUpload(input: $input) {
        ok
        error {
          ...UserErrorFields
        }
        ticket {
          uploadId
          token
          endpoint
          formats
          maxBytes
          step
        }
      }
    }
  `,
  [UserErrorFields],
);

export const UploadQuery = graphql(
  `
    query Upload($id: ID!) {
      upload(id: $id) {
        ...UploadFields
      }
    }
  `,
  [UploadFields],
);

export const MyUploadsQuery = graphql(
  `
    query MyUploads {
      myRegistration {
        id
        uploads {
          ...UploadFields
        }
      }
    }
  `,
  [UploadFields],
);

/** A voice-fill recording's upload, with what was heard in it (语音识别回填): suggestions to confirm, fields not heard. */
export const VoiceUploadQuery = graphql(
  `
    query VoiceUpload($id: ID!) {
      upload(id: $id) {
        id
        status
        statusText
        problem {
          ...UserErrorFields
        }
        voiceFill {
          suggestions {
            field
            value
            display
            confidence
            problem
          }
          missing
        }
      }
    }
  `,
  [UserErrorFields],
);

export type UploadView = ResultOf<typeof UploadFields>;
export type VoiceUploadView = NonNullable<ResultOf<typeof VoiceUploadQuery>['upload']>;

/** Statuses after which nothing more happens to an upload. */
export const SETTLED = new Set(['DONE', 'FLAGGED', 'REFUSED', 'HAND_OVER_REFUSED']);
