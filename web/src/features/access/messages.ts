import { defineMessages } from '../common/i18n/define'

export default defineMessages(
  {
    login: {
      title: 'ログイン', login: 'ログインID', password: 'パスワード', submit: 'ログイン', code: '確認コード（6桁）',
      codeTitle: '二要素認証', codeHelp: '認証アプリに表示されている6桁のコードを入力してください。',
      enrolTitle: '二要素認証の登録', enrolHelp: '認証アプリで QR コードを読み取るか、秘密鍵を入力してから、表示された6桁のコードを入力してください。',
      secret: '秘密鍵', confirm: '登録する', verify: '確認する', failed: 'ログインできませんでした。',
    },
    users: {
      title: '利用者と役割', login: 'ログインID', name: '氏名', roles: '役割', state: '状態', disabled: '停止中',
      help: '利用者の追加・役割の変更は運用者のコマンド {command} で行います。',
    },
  },
  {
    login: {
      title: 'Sign in', login: 'Login', password: 'Password', submit: 'Sign in', code: 'Code (6 digits)',
      codeTitle: 'Second factor', codeHelp: 'Enter the 6-digit code from your authenticator app.',
      enrolTitle: 'Set up the second factor', enrolHelp: 'Scan the QR code or enter the secret in an authenticator app, then enter the code it shows.',
      secret: 'Secret', confirm: 'Set up', verify: 'Verify', failed: 'Could not sign in.',
    },
    users: {
      title: 'Users and roles', login: 'Login', name: 'Name', roles: 'Roles', state: 'State', disabled: 'disabled',
      help: 'Users are added and their roles changed by the operator with the command {command}.',
    },
  },
)
