export enum MetricsErrorCode {
  TokenRequired = 'metrics_token_required',
}
