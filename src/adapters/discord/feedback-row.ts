/**
 * The feedback buttons under a Discord alert ("Relevant", "Not for us", "Mute this story"). A
 * button's custom id is `radar:feedback:<action>:<ref>`, the ref being the alert's opaque reference
 * and nothing else (no item text).
 * @see https://discord.com/developers/docs/components/reference#button
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { FeedbackAction } from '../../feedback/index.ts';

export const FEEDBACK_PREFIX = 'radar:feedback:';
const CUSTOM_ID = /^radar:feedback:(good|bad|mute):(.{0,60})$/s;

const BUTTONS: ReadonlyArray<{ action: FeedbackAction; label: string; style: ButtonStyle.Success | ButtonStyle.Secondary }> = [
  { action: 'good', label: 'Relevant', style: ButtonStyle.Success },
  { action: 'bad', label: 'Not for us', style: ButtonStyle.Secondary },
  { action: 'mute', label: 'Mute this story', style: ButtonStyle.Secondary },
];

export type FeedbackRow = APIActionRowComponent<APIButtonComponent>;

/** The action row of an alert: three buttons whose custom ids carry the alert's reference. */
export function feedbackRow(ref: string): FeedbackRow {
  return {
    type: ComponentType.ActionRow,
    components: BUTTONS.map(({ action, label, style }) => ({ type: ComponentType.Button, style, label, custom_id: `${FEEDBACK_PREFIX}${action}:${ref}` })),
  };
}

/** The action and reference of a feedback button's custom id, or null for any other id. */
export function parseFeedbackId(customId: string): { action: FeedbackAction; ref: string } | null {
  const match = CUSTOM_ID.exec(customId);
  return match ? { action: match[1] as FeedbackAction, ref: match[2]! } : null;
}
