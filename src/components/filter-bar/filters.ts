/** The course-list filters a worker can set, and how they map to the API query (pure). */
import type { CourseQuery } from '../../contract'
import type { OccupationCategory, ScheduleSlot, SkillLevel, TrainingMode, TrainingType } from '../../domain/catalog'

export interface CourseFilters {
  category?: OccupationCategory
  /** one 工种 (code), picked from the picture tiles */
  occupation?: string
  trainingType?: TrainingType
  level?: SkillLevel
  mode?: TrainingMode
  schedule?: ScheduleSlot
  startsWithinDays?: 7 | 30 | 90
  subsidizedOnly?: boolean
  hasSeats?: boolean
}

export const START_WITHIN_OPTIONS = [
  { code: 7, label: '7天内' },
  { code: 30, label: '30天内' },
  { code: 90, label: '3个月内' }
] as const

/** Filters other than the category chips (they live in the panel). */
export function panelFilterCount(f: CourseFilters): number {
  return [f.trainingType, f.level, f.mode, f.schedule, f.startsWithinDays, f.subsidizedOnly || undefined, f.hasSeats || undefined].filter(
    (v) => v !== undefined
  ).length
}

export function hasAnyFilter(f: CourseFilters): boolean {
  return f.category !== undefined || f.occupation !== undefined || panelFilterCount(f) > 0
}

export function filtersToQuery(f: CourseFilters): Partial<CourseQuery> {
  return {
    category: f.category,
    occupation: f.occupation,
    trainingType: f.trainingType,
    level: f.level,
    mode: f.mode,
    schedule: f.schedule,
    startsWithinDays: f.startsWithinDays,
    subsidizedOnly: f.subsidizedOnly ? true : undefined,
    hasSeats: f.hasSeats ? true : undefined
  }
}
