/** Where a worker looks for 职业技能等级认定 after a course: its 工种, in the course's city. */
export function evaluationParams(course: { occupationCode: string; occupationName: string; regionCode: string }): Record<string, string> {
  return { occupation: course.occupationCode, name: course.occupationName, region: `${course.regionCode.slice(0, 4)}00` }
}
