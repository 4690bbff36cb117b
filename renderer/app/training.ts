import { create } from 'zustand';
import type { TrainingProgress } from '../store/training';

export type TrainingForm = { name: string; password: string; repeat: string; cases: string };
export const NEW_TRAINING: TrainingForm = { name: '', password: '', repeat: '', cases: '2000' };

/**
 * A training office being made: the set-up screen gives way to its progress until it is done or
 * stopped. The form and a refusal are kept here, so that they are still there when it comes back.
 */
export const useTraining = create<{ progress: TrainingProgress | null; stop: AbortController | null; form: TrainingForm; error: string | null }>(() => ({
  progress: null,
  stop: null,
  form: NEW_TRAINING,
  error: null,
}));
