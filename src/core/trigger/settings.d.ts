// Type-only stand-in for the engine helper's settings module (branch `engine`): deleted when that branch is merged.
import type { LambdaTrigger } from '../lambda/lambdaTriggers';
import type { TriggerSettings } from './types';

export declare const DEFAULT_TRIGGER_SETTINGS: TriggerSettings;
export declare function validateTriggerSettings(settings: TriggerSettings): string | undefined;
export declare function settingsFromMapping(trigger: LambdaTrigger): TriggerSettings;
