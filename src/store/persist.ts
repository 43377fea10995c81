/** All persisted stores write through the one platform storage adapter. */
import { createJSONStorage } from 'zustand/middleware'
import { storage } from '../services/platform/storage'

export const persistedStorage = createJSONStorage(() => storage)
