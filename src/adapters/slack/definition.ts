/**
 * Slack as Radar configures it: tokens from the environment (SLACK_BOT_TOKEN switches it on;
 * SLACK_APP_TOKEN selects Socket Mode, SLACK_SIGNING_SECRET the HTTP receiver on PORT), admins in
 * the `slack:` section of the config file. @slack/bolt loads only when a channel uses Slack.
 */
import { z } from 'zod';
import { defineAdapter } from '../definition.ts';
import { needsVariable, portVariable, variable } from '../env-settings.ts';

/** A Slack user id (U… or W…). */
export const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;
/** A Slack workspace (team) id (T…). */
export const SLACK_TEAM_ID = /^T[A-Z0-9]+$/;
/** A Slack user-group id (S…). */
export const SLACK_USER_GROUP_ID = /^S[A-Z0-9]+$/;

/** Slack settings that are not secrets (tokens come from the environment). */
const section = z
  .object({
    /** Slack user ids allowed to change channel settings; with adminGroups empty too, everyone may. */
    adminUsers: z.array(z.string().regex(SLACK_USER_ID, 'expected a Slack user id such as U012ABCDEF')).default([]),
    /** The workspace (team id) whose members may give feedback on alerts; unset: the workspace the app is installed in. */
    teamId: z.string().regex(SLACK_TEAM_ID, 'expected a Slack team id such as T012ABCDEF').optional(),
    /** Slack user-group ids whose members are admins. */
    adminGroups: z.array(z.string().regex(SLACK_USER_GROUP_ID, 'expected a Slack user-group id such as S012ABCDEF')).default([]),
  })
  .strict()
  .prefault({});

/** Slack connection settings: tokens from the environment, admins from the config file. */
export interface SlackSettings {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  /** HTTP receiver port (PORT), when there is no app token. */
  port: number;
  /** SLACK_API_URL: the Web API base, for a local stand-in of Slack. */
  apiUrl?: string;
  adminUsers: string[];
  adminGroups: string[];
  teamId?: string;
}

export const slackDefinition = defineAdapter({
  name: 'slack',
  section,
  variables: [
    { name: 'SLACK_BOT_TOKEN', secret: true },
    { name: 'SLACK_APP_TOKEN', secret: true },
    { name: 'SLACK_SIGNING_SECRET', secret: true },
    { name: 'PORT' },
    { name: 'SLACK_API_URL' },
  ],
  settings({ section, env, usedBy }, problems): SlackSettings | null {
    const botToken = variable(env, 'SLACK_BOT_TOKEN');
    if (!botToken) {
      needsVariable(usedBy, 'slack', 'SLACK_BOT_TOKEN', problems);
      return null;
    }
    const appToken = variable(env, 'SLACK_APP_TOKEN');
    const signingSecret = variable(env, 'SLACK_SIGNING_SECRET');
    if (!appToken && !signingSecret) {
      problems.push('SLACK_BOT_TOKEN is set, but Slack also needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP receiver)');
    }
    const port = portVariable(env, 'PORT', 3000, problems);
    return { botToken, appToken, signingSecret, port, apiUrl: variable(env, 'SLACK_API_URL'), ...section };
  },
  async create(settings, { commands, logger }) {
    const { createSlackAdapter } = await import('./slack-adapter.ts');
    return createSlackAdapter({ ...settings, runCommand: commands.run, channelFor: commands.channelFor, feedback: commands.feedback, logger });
  },
});
