import { graphql, type ResultOf } from '../graphql/graphql.ts';
import { UserErrorFields } from '../graphql/operations.ts';

/** The documents of the candidate's registration (报名): the rules' words and the registration's state, from exams. */

export const StepFields = graphql(
  `
    fragment StepFields on RegistrationStep {
      code
      title
      description
      position
      number
      status
      blockedBy {
        ...UserErrorFields
      }
      asks {
        code
        label
        type
        required
        options {
          code
          name
          subjects {
            code
            name
          }
          majorScope
        }
        value
        default
        readOnly
        prefilled
        locked
        hint
        pattern
        minLength
        maxLength
        validationMessage
        formats
        maxBytes
      }
      label
      text {
        code
        title
        body
        acknowledgement
        countdownSeconds
        shownAt
        unlocksAt
      }
      window {
        window
        name
        state
        open
        period
        message
      }
      locks
      voiceFill {
        maxSeconds
        maxBytes
        formats
      }
      completedByUpload
      completedAt
    }
  `,
  [UserErrorFields],
);

/**
 * A step as the task list shows it. Its questions are asked one step at a time (`StepQuery`): the gateway prices
 * every nested list as ten items, and steps × questions × options × subjects in one document is past its limit.
 */
export const StepSummaryFields = graphql(
  `
    fragment StepSummaryFields on RegistrationStep {
      code
      title
      description
      position
      number
      status
      blockedBy {
        ...UserErrorFields
      }
      label
      window {
        window
        name
        state
        open
        period
        message
      }
      locks
      completedByUpload
      completedAt
    }
  `,
  [UserErrorFields],
);

export const RegistrationFields = graphql(
  `
    fragment RegistrationFields on Registration {
      id
      examSessionId
      status
      nextStep
      version
      submittedAt
      examSession {
        id
        title
      }
      next {
        code
        title
        number
      }
      steps {
        ...StepSummaryFields
      }
      fields {
        code
        label
        step
        value
        display
        locked
        lockReason
        lockMessage
        changeable {
          route
          phase
          decidedBy
          window {
            name
            open
            message
          }
        }
      }
      payment {
        required
        totalFen
        lines {
          code
          name
          amountFen
        }
        channel {
          code
          name
        }
        paid
        paidFen
        paidAt
        notices
        pledge {
          title
          body
          acknowledgedAt
        }
        readyToPay
        notReadyBecause {
          ...UserErrorFields
        }
      }
      review {
        status
        reason
        stage {
          index
          role
          title
        }
        stages {
          index
          role
          title
        }
        history {
          stage
          role
          outcome
          reason
          at
        }
      }
      changeRequests {
        id
        field
        label
        route
        status
        requestedAt
        decidedAt
        reason
        oldValue
        newValue
      }
    }
  `,
  [StepSummaryFields, UserErrorFields],
);

/** The candidate's registration (null before it is started) and the platform's time, to count down on. */
export const MyRegistrationQuery = graphql(
  `
    query MyRegistration($province: String!) {
      myRegistration {
        ...RegistrationFields
      }
      platformClock(province: $province) {
        now
      }
    }
  `,
  [RegistrationFields],
);

/** What the province's registration is (its steps as the rules name them), before one is started. */
export const RegistrationRulesQuery = graphql(`
  query RegistrationRules($province: String!) {
    registrationRules(province: $province) {
      province
      title
      steps {
        position
        code
        number
        title
        description
      }
      windows {
        name
        from
        until
      }
    }
  }
`);

/**
 * One step with its questions: as it asks now (`values: {}`), or as it would ask with tentative answers (是否兼报 是
 * opens exam cities and subject groups). Nothing is stored.
 */
export const StepQuery = graphql(
  `
    query RegistrationStep($step: String!, $values: JSONObject!) {
      myRegistration {
        id
        stepPreview(step: $step, values: $values) {
          ...StepFields
        }
      }
      platformClock {
        now
      }
    }
  `,
  [StepFields],
);

const PAYLOAD = `
  ok
  error {
    ...UserErrorFields
  }
  errors {
    ...UserErrorFields
  }
  registration {
    ...RegistrationFields
  }
`;

export const StartRegistrationMutation = graphql(
  `
    mutation StartRegistration {
      startRegistration {
        ${PAYLOAD}
      }
    }
  `,
  [UserErrorFields, RegistrationFields],
);

export const ShowRegistrationStepMutation = graphql(
  `
    mutation ShowRegistrationStep($registrationId: ID!, $step: String!) {
      showRegistrationStep(registrationId: $registrationId, step: $step) {
        ${PAYLOAD}
      }
    }
  `,
  [UserErrorFields, RegistrationFields],
);

export const CompleteRegistrationStepMutation = graphql(
  `
    mutation CompleteRegistrationStep($input: CompleteRegistrationStepInput!) {
      completeRegistrationStep(input: $input) {
        ${PAYLOAD}
      }
    }
  `,
  [UserErrorFields, RegistrationFields],
);

export const AcknowledgeIntegrityPledgeMutation = graphql(
  `
    mutation AcknowledgeIntegrityPledge($registrationId: ID!, $version: Int) {
      acknowledgeIntegrityPledge(registrationId: $registrationId, version: $version) {
        ${PAYLOAD}
      }
    }
  `,
  [UserErrorFields, RegistrationFields],
);

export const RequestRegistrationChangesMutation = graphql(
  `
    mutation RequestRegistrationChanges($input: RequestRegistrationChangesInput!) {
      requestRegistrationChanges(input: $input) {
        ${PAYLOAD}
        changeRequests {
          id
          field
          status
          route
        }
      }
    }
  `,
  [UserErrorFields, RegistrationFields],
);

export type Registration = ResultOf<typeof RegistrationFields>;
export type Step = ResultOf<typeof StepFields>;
export type StepSummary = ResultOf<typeof StepSummaryFields>;
export type Question = Step['asks'][number];
export type FieldState = Registration['fields'][number];
