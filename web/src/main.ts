import { createApp } from 'vue'
import '@digital-go-jp/design-tokens/dist/tokens.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './features/common/i18n'
import { loadSession } from './features/access/session'

document.documentElement.lang = i18n.global.locale.value
loadSession().finally(() => {
  createApp(App).use(router).use(i18n).mount('#app')
})
