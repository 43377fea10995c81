import { useEffect, useState } from 'react'
import { View, Text, ScrollView } from '@tarojs/components'
import { Tappable } from '../ui/tappable'
import { Sheet } from '../ui/sheet'
import {
  OCCUPATION_CATEGORIES,
  SCHEDULE_SLOTS,
  SKILL_LEVELS,
  TRAINING_MODES,
  TRAINING_TYPES,
  type Labelled,
  type OccupationCategory
} from '../../domain/catalog'
import { START_WITHIN_OPTIONS, panelFilterCount, type CourseFilters } from './filters'
import './index.css'

export interface CategoryChipsProps {
  value?: OccupationCategory
  onChange(category: OccupationCategory | undefined): void
}

/** 工种类别: one horizontal row of big chips, "全部" first. */
export function CategoryChips({ value, onChange }: CategoryChipsProps) {
  const chips: { code: OccupationCategory | undefined; label: string }[] = [{ code: undefined, label: '全部' }, ...OCCUPATION_CATEGORIES]
  return (
    <ScrollView scrollX className='category-chips' enhanced showScrollbar={false}>
      <View className='category-chips__row'>
        {chips.map((c) => {
          const active = c.code === value
          return (
            <Tappable
              key={c.code ?? 'all'}
              id={`chip-${c.code ?? 'all'}`}
              className={active ? 'filter-chip filter-chip--active' : 'filter-chip'}
              pressed={active}
              onTap={() => onChange(c.code)}
            >
              <Text>{c.label}</Text>
            </Tappable>
          )
        })}
      </View>
    </ScrollView>
  )
}

interface OptionGroupProps<C extends string | number> {
  title: string
  name: string
  options: readonly { code: C; label: string }[]
  value: C | undefined
  onChange(value: C | undefined): void
}

function OptionGroup<C extends string | number>({ title, name, options, value, onChange }: OptionGroupProps<C>) {
  return (
    <View className='filter-panel__group'>
      <Text className='filter-panel__group-title'>{title}</Text>
      <View className='filter-panel__options'>
        {options.map((o) => {
          const active = o.code === value
          return (
            <Tappable
              key={String(o.code)}
              id={`opt-${name}-${o.code}`}
              className={active ? 'filter-option filter-option--active' : 'filter-option'}
              pressed={active}
              onTap={() => onChange(active ? undefined : o.code)}
            >
              <Text>{o.label}</Text>
            </Tappable>
          )
        })}
      </View>
    </View>
  )
}

function Toggle({ id, label, on, onChange }: { id: string; label: string; on: boolean; onChange(on: boolean): void }) {
  return (
    <Tappable id={id} className={on ? 'filter-toggle filter-toggle--on' : 'filter-toggle'} role='checkbox' checked={on} onTap={() => onChange(!on)}>
      <Text className='filter-toggle__box' aria-hidden>{on ? '✓' : ''}</Text>
      <Text>{label}</Text>
    </Tappable>
  )
}

export interface FilterPanelProps {
  value: CourseFilters
  onApply(filters: CourseFilters): void
  onClose(): void
}

/** More filters in a bottom sheet; nothing changes until 确定. */
export function FilterPanel({ value, onApply, onClose }: FilterPanelProps) {
  const [draft, setDraft] = useState<CourseFilters>(value)
  useEffect(() => setDraft(value), [value])
  const patch = (p: Partial<CourseFilters>) => setDraft((d) => ({ ...d, ...p }))
  const levels = SKILL_LEVELS as readonly Labelled<(typeof SKILL_LEVELS)[number]['code']>[]
  return (
    <Sheet
      className='filter-panel'
      title='筛选课程'
      bar={{ closeId: 'filter-close' }}
      onClose={onClose}
      foot={
        <View className='filter-panel__foot'>
          <Tappable className='filter-panel__button' id='filter-reset' onTap={() => setDraft({ category: draft.category })}>
            <Text>清空</Text>
          </Tappable>
          <Tappable className='filter-panel__button filter-panel__button--primary' id='filter-apply' onTap={() => onApply(draft)}>
            <Text>确定</Text>
          </Tappable>
        </View>
      }
    >
      <View className='filter-panel__body'>
        <View className='filter-panel__toggles'>
          <Toggle id='toggle-subsidized' label='只看可享补贴' on={!!draft.subsidizedOnly} onChange={(on) => patch({ subsidizedOnly: on || undefined })} />
          <Toggle id='toggle-seats' label='只看有名额' on={!!draft.hasSeats} onChange={(on) => patch({ hasSeats: on || undefined })} />
        </View>
        <OptionGroup title='上课时间' name='schedule' options={SCHEDULE_SLOTS} value={draft.schedule} onChange={(schedule) => patch({ schedule })} />
        <OptionGroup title='培训方式' name='mode' options={TRAINING_MODES} value={draft.mode} onChange={(mode) => patch({ mode })} />
        <OptionGroup
          title='开课时间'
          name='starts'
          options={START_WITHIN_OPTIONS}
          value={draft.startsWithinDays}
          onChange={(startsWithinDays) => patch({ startsWithinDays })}
        />
        <OptionGroup title='培训类型' name='type' options={TRAINING_TYPES} value={draft.trainingType} onChange={(trainingType) => patch({ trainingType })} />
        <OptionGroup title='等级' name='level' options={levels} value={draft.level} onChange={(level) => patch({ level })} />
      </View>
    </Sheet>
  )
}

export interface FilterButtonProps {
  filters: CourseFilters
  onOpen(): void
}

export function FilterButton({ filters, onOpen }: FilterButtonProps) {
  const n = panelFilterCount(filters)
  return (
    <Tappable className={n ? 'filter-button filter-button--active' : 'filter-button'} id='open-filters' onTap={onOpen}>
      <Text>{n ? `筛选(${n})` : '筛选'}</Text>
    </Tappable>
  )
}
