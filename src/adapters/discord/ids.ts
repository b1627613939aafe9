/** Discord ids (snowflakes) as they appear in the config file, the environment and `radar discord register`. */

/** A Discord id (snowflake): 17 to 20 digits. */
export const SNOWFLAKE = /^\d{17,20}$/;

/** YAML reads a bare Discord id as a number and loses its last digits; say so instead of "expected string". */
export const QUOTE_IDS = 'expected a string: quote ids, e.g. "1234567890123456789" (YAML reads a bare long number and loses digits)';
