// Journeys against a real server (and a real browser) take seconds, not milliseconds.
jest.setTimeout(90_000)
