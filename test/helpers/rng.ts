export { rng } from '../../src/shared/rng.ts';
