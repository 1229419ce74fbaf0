// Field labels are keyed by the field names of the editing API (docs/api/openapi.yaml);
// enum labels by field name and code.
// The texts are data: messages.json beside this file ({ja, en}, the same keys in both).
import texts from './messages.json'
import { defineMessages } from '../common/i18n/define'

export default defineMessages(texts.ja, texts.en)
