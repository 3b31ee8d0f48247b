import {readFileSync} from 'node:fs';
import type {StatsJson} from '../../source/core/docker-math.js';

/** A file of test/fixtures as bytes. */
export const fixtureBytes = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** A stats reply captured from a real engine (see test/fixtures/README.md). */
export const statsFixture = (name: string): StatsJson => JSON.parse(fixtureBytes(name).toString('utf8')) as StatsJson;
