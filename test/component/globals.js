// Build-time globals the Taro runtime expects (TARO-NOTES.md, "Jest component tests against Taro").
Object.assign(globalThis, {
  ENABLE_INNER_HTML: true,
  ENABLE_ADJACENT_HTML: true,
  ENABLE_SIZE_APIS: true,
  ENABLE_TEMPLATE_CONTENT: true,
  ENABLE_CLONE_NODE: true,
  ENABLE_CONTAINS: true,
  ENABLE_MUTATION_OBSERVER: true,
  DEPRECATED_ADAPTER_COMPONENT: false,
  API_BASE: ''
})
process.env.TARO_ENV = 'h5'
process.env.TARO_PLATFORM = 'web'
