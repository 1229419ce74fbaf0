import { defineMessages } from '../common/i18n/define'

export default defineMessages(
  { audit: { title: '監査ログ', at: '日時', actor: '操作者', action: '操作', record: '対象', change: '変更前と変更後', before: '変更前', after: '変更後' } },
  { audit: { title: 'Audit trail', at: 'When', actor: 'Who', action: 'Action', record: 'Record', change: 'Before and after', before: 'Before', after: 'After' } },
)
