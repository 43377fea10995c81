/** The mini program keeps WeChat's native navigation bar (title and back): nothing to add. */
export function enhanceNavigationBar(): void {}
