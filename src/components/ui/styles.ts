/**
 * The kit's styles, loaded once with the app (src/app.ts) before any page's own and always in this order.
 * Imported by each component instead, every page chunk pulled in its own subset in its own order, so webpack
 * could not keep one order across chunks ("Conflicting order" from mini-css-extract-plugin) and a page's
 * override of a kit class could win in one page and lose in another. As the base layer, page and component
 * CSS always comes after it. About 6 KB (weapp: in app.wxss instead of common.wxss).
 */
import './bar/index.css'
import './button/index.css'
import './choice/index.css'
import './field/index.css'
import './list-row/index.css'
import './sheet/index.css'
import './state-view/index.css'
