import { graphql, type ResultOf } from '../graphql/graphql.ts';
import { UserErrorFields } from '../graphql/operations.ts';

/** The policy console's documents: staff sign-in, the rule sets and their history, a draft's files, its checks, preview, tries and publication. */

export const RuleSetsQuery = graphql(`
  query RuleSets {
    ruleSets {
      province
      examYear
      title
      status
      contentHash
      effectiveFrom
      caseCount
      problems {
        file
        path
        message
      }
      publications {
        sequence
        contentHash
        previousHash
        publishedAt
        publishedBy
        publisher {
          id
          displayName
          role
        }
        reason
        confirmedPlaceholders
        compared
        changedOutcomes
      }
    }
  }
`);
export type RuleSetSummary = ResultOf<typeof RuleSetsQuery>['ruleSets'][number];

export const DraftFilesQuery = graphql(`
  query DraftFiles($province: String!, $examYear: Int!) {
    ruleSetDraftFiles(province: $province, examYear: $examYear) {
      source
      ruleSetId
      contentHash
      files {
        name
        content
        schema
      }
    }
    ruleFileSchemas {
      file
      schema
    }
  }
`);

export const SaveDraftMutation = graphql(
  `
    mutation SaveRuleSetDraft($province: String!, $examYear: Int!, $files: [RuleFileInput!]!) {
      saveRuleSetDraft(province: $province, examYear: $examYear, files: $files) {
        ok
        error {
          ...UserErrorFields
        }
        problems {
          file
          path
          message
        }
        draftHash
        files
      }
    }
  `,
  [UserErrorFields],
);

export const DryRunQuery = graphql(`
  query DryRunRuleSetDraft($province: String!, $examYear: Int!, $samples: [DecisionSampleInput!]!) {
    dryRunRuleSetDraft(province: $province, examYear: $examYear, samples: $samples) {
      valid
      problems {
        file
        path
        message
      }
      failedCases
      compared
      changedCount
      draftHash
      publishedHash
      comparedWithRuleSet
      comparedWithHash
      counts {
        source
        compared
        changed
      }
      policyChanges {
        area
        kind
        code
        name
        text
      }
      changes {
        source
        decision
        situation
        text
      }
      placeholders {
        id
        file
        path
        choice
        section
      }
      text
    }
  }
`);
export type DryRun = ResultOf<typeof DryRunQuery>['dryRunRuleSetDraft'];

export const TryDecisionQuery = graphql(`
  query TryRuleSetDraftDecision($province: String!, $examYear: Int!, $decision: DecisionName!, $facts: JSONObject!) {
    draft: tryRuleSetDraftDecision(province: $province, examYear: $examYear, decision: $decision, facts: $facts) {
      outcome
      explanationText
      ruleSetId
      ruleSetHash
    }
  }
`);

export const InForceDecisionQuery = graphql(`
  query InForceDecision($province: String!, $decision: DecisionName!, $facts: JSONObject!) {
    decide(province: $province, decision: $decision, facts: $facts) {
      outcome
      explanationText
      ruleSetId
      ruleSetHash
    }
  }
`);

export const PublishDraftMutation = graphql(
  `
    mutation PublishRuleSetDraft($province: String!, $examYear: Int!, $reason: String!, $confirmPlaceholders: [String!]!) {
      publishRuleSetDraft(province: $province, examYear: $examYear, reason: $reason, confirmPlaceholders: $confirmPlaceholders) {
        ok
        error {
          ...UserErrorFields
        }
        ruleSetHash
        previousHash
        compared
        changedOutcomes
      }
    }
  `,
  [UserErrorFields],
);
