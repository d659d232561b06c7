/** An answer as the form sends it: ratings by module and trainer id, free texts. */
export interface FeedbackAnswerInput {
  overall: unknown;
  modules: Record<string, unknown>;
  trainers: Record<string, unknown>;
  mostUseful: unknown;
  missing: unknown;
}

/** A checked answer, ready to be written. */
export interface CheckedFeedbackAnswer {
  overall: number;
  modules: Map<string, number>;
  trainers: Map<string, number>;
  mostUseful: string | null;
  missing: string | null;
}
