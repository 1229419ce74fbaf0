// The texts are data: messages.json beside this file ({ja, en}, the same keys in both).
import texts from './messages.json'
import { defineMessages } from '../common/i18n/define'

export default defineMessages(texts.ja, texts.en)
