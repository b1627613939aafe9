/**
 * Who may run mutating `/radar` commands on Discord: a member with the Manage Channels permission
 * in the channel (the `member.permissions` bitfield Discord computes for the interaction, overwrites
 * included), or a member holding one of the configured admin roles. There is no "everyone" fallback:
 * without either, mutating commands are refused. Nothing is fetched, so the check is instant.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-structure
 */
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/** The parts of an interaction the check reads (a discord.js Interaction fits). */
export interface MemberContext {
  memberPermissions: Readonly<PermissionsBitField> | null;
  /** A cached GuildMember (roles in `roles.cache`) or the raw API member (role ids in `roles`). */
  member: { roles: string[] | { cache: { has(id: string): boolean } } } | null;
}

export type AdminCheck = (context: MemberContext) => boolean;

export function createAdminCheck(adminRoles: readonly string[]): AdminCheck {
  return ({ memberPermissions, member }) => {
    if (memberPermissions?.has(PermissionFlagsBits.ManageChannels, true)) return true;
    if (!member || adminRoles.length === 0) return false;
    const roles = member.roles;
    return adminRoles.some((id) => (Array.isArray(roles) ? roles.includes(id) : roles.cache.has(id)));
  };
}
