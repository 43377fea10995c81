import { useEffect, useState } from 'react'
import { View, Input, Text } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import './index.css'

export interface SearchBarProps {
  value?: string
  placeholder?: string
  onSearch(keyword: string): void
}

/**
 * Keyword box with a big 搜索 button. The hint is in words (some users read little; initials such
 * as "jz" mean nothing to them) — the server still matches pinyin and initials.
 */
export function SearchBar({ value = '', placeholder = '搜工种或课程，比如：电工、家政', onSearch }: SearchBarProps) {
  const [text, setText] = useState(value)
  useEffect(() => setText(value), [value])
  const submit = () => onSearch(text.trim())
  return (
    <View className='search-bar'>
      <Input
        className='search-bar__input'
        id='search-input'
        type='text'
        value={text}
        placeholder={placeholder}
        confirmType='search'
        maxlength={40}
        onInput={(e) => setText(e.detail.value)}
        onConfirm={submit}
      />
      <Tappable className='search-bar__button' id='search-button' hoverClass='search-bar__button--pressed' onTap={submit}>
        <Text>搜索</Text>
      </Tappable>
    </View>
  )
}
