/**
 * Why Slack would not let Radar start, as one line naming the variable to check: a token Slack
 * refused (with Slack's own error code), an HTTP error, or a Slack that could not be reached.
 * @see https://docs.slack.dev/reference/methods/auth.test#errors
 * @see https://docs.slack.dev/reference/methods/apps.connections.open#errors
 */
import { StartupError } from '../adapter.ts';

/** The fields of @slack/web-api's coded errors read here. */
interface WebApiErrorShape {
  code?: string;
  message?: string;
  data?: { error?: string };
  statusCode?: number;
  original?: { message?: string };
}

/** The failure of a call made with the token held by `variable`, at start. */
export function slackStartupError(error: unknown, variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'): StartupError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as WebApiErrorShape;
  switch (e.code) {
    case 'slack_webapi_platform_error':
      return new StartupError(variable, `${variable} was refused by Slack (${e.data?.error ?? 'unknown_error'})`, error);
    case 'slack_webapi_http_error':
      return new StartupError(variable, `Slack answered HTTP ${e.statusCode ?? 0} when checking ${variable}; try again later`, error);
    case 'slack_webapi_request_error':
      return new StartupError('SLACK_API_URL', `Slack could not be reached to check ${variable} (${e.original?.message ?? 'request failed'}): check the network, and SLACK_API_URL if it is set`, error);
    default:
      return new StartupError(variable, `${variable} could not be checked with Slack (${e.message ?? String(error)})`, error);
  }
}
